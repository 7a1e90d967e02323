import { ApplyError, describe as describeObject } from '../../cluster/lib/client';
import { installCrds, pinnedCrds } from '../../cluster/lib/crds';
import { environments, readEnvironment } from '../../cluster/lib/manifests';
import { DIST, FIELD_MANAGER, testCluster } from './kube';

/**
 * Every object of every shipped platform and environment, as `dist/` has it, through the real
 * kube-apiserver's server-side apply in dry-run: schema with strict field validation, defaulting,
 * the validation the API server does itself (what the offline validator can only approximate),
 * admission (Pod Security included), CRD schemas with their CEL rules. No warning is tolerated.
 */
const cluster = testCluster();

/** Every environment of the platform in dist/, through both API servers. */
export function dryRunAccepted(platform: string): void {
  const cases = environments(DIST).filter(([p]) => p === platform);

  test(`dist/ holds ${platform} in three environments`, () => {
    expect(cases.map(([, env]) => env)).toEqual(['dev', 'prod', 'staging']);
  });

  // the cluster's own API server (1.33) and the oldest the manifests target (1.28, dry-run only)
  describe.each([['1.33', 'KUBECONFIG'], ['1.28', 'KUBECONFIG_OLDEST']])('kube-apiserver %s', (_version, variable) => {
    const server = testCluster(variable);

    beforeAll(async () => {
      await installCrds(server, pinnedCrds(), FIELD_MANAGER);
    }, 120_000);

    test.each(cases)('%s/%s: every object is accepted with no warning', async (platform, env) => {
      const objects = readEnvironment(`${DIST}/${platform}/${env}`);
      const problems: string[] = [];
      // namespaces for real: a namespaced dry-run needs its namespace, and Pod Security reads its
      // labels. Those no object defines (Argo CD's own) are created as their installer would.
      const defined = new Set(objects.filter((o) => o.object.kind === 'Namespace').map((o) => o.object.metadata!.name));
      for (const name of new Set(objects.map((o) => o.object.metadata?.namespace).filter((n): n is string => !!n && !defined.has(n)))) {
        await server.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } }, { fieldManager: FIELD_MANAGER });
      }
      for (const { object } of objects.filter((o) => o.object.kind === 'Namespace')) {
        const { warnings } = await server.apply(object, { fieldManager: FIELD_MANAGER });
        warnings.forEach((w) => problems.push(`${describeObject(object)}: warning: ${w}`));
      }
      for (const { file, object } of objects.filter((o) => o.object.kind !== 'Namespace')) {
        try {
          const { warnings } = await server.apply(object, { fieldManager: FIELD_MANAGER, dryRun: true });
          warnings.forEach((w) => problems.push(`${file}: ${describeObject(object)}: warning: ${w}`));
        } catch (err) {
          problems.push(`${file}: ${err instanceof ApplyError ? err.message : String(err)}`);
        }
      }
      expect(problems).toEqual([]);
    }, 300_000);
  });
}

/**
 * The checks above can fail: what the offline validator lets through, the API server refuses.
 * After dryRunAccepted(platform), which created the platform's namespaces with their Pod Security labels.
 */
export function apiServerCatches(platform: string, env = 'dev'): void {
  describe('the API server catches what the offline validator does not', () => {
    const objects = readEnvironment(`${DIST}/${platform}/${env}`);
    // a Deployment: the API server validates a StatefulSet's pod template less (a request above
    // its limit passes there, and only the pods are refused later)
    const workload = objects.find((o) => o.object.kind === 'Deployment')!.object;
    const copy = () => JSON.parse(JSON.stringify(workload));

    test('a memory limit below its request is refused', async () => {
      const bad = copy();
      const container = bad.spec.template.spec.containers[0];
      container.resources = { requests: { memory: '512Mi' }, limits: { memory: '256Mi' } };
      await expect(cluster.apply(bad, { fieldManager: FIELD_MANAGER, dryRun: true })).rejects.toThrow(/must be less than or equal to memory limit/);
    });

    test('a pod template that breaks the namespace\'s Pod Security level is reported as a warning', async () => {
      const bad = copy();
      bad.spec.template.spec.containers[0].securityContext = { privileged: true };
      const { warnings } = await cluster.apply(bad, { fieldManager: FIELD_MANAGER, dryRun: true });
      expect(warnings.join('\n')).toMatch(/would violate PodSecurity "restricted:[^"]+": privileged/);
    });
  });
}
