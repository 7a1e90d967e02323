import type { KubernetesObject } from '../../cluster/lib/client';
import { installCrds, pinnedCrds } from '../../cluster/lib/crds';
import { readEnvironment } from '../../cluster/lib/manifests';
import { randomSecret, referencedSecrets } from '../../cluster/lib/secrets';
import { CheckResult } from '../../preflight/checks';
import { preflight } from '../../preflight/run';
import { DIST, FIELD_MANAGER, testCluster } from './kube';
import { deleteNamespaces } from './platform-checks';

/**
 * Preflight against the real test cluster: what it has (Kubernetes 1.33, the pinned CRDs, the
 * gp3 StorageClass) passes, what it lacks (Istio's CNI, Argo CD, the Secrets) fails with a fix,
 * and each failure turns ok once the cluster has the thing. deltran-mvp/prod's objects are moved
 * to namespaces of this test's own, so no other test's Secrets or workloads count.
 */
const cluster = testCluster();
const RUN = Date.now().toString(36);
const APP_NS = `preflight-app-${RUN}`;
const ARGOCD_NS = `preflight-argocd-${RUN}`;
const CNI_NS = `preflight-cni-${RUN}`;
/** On every node of the test cluster (the pod sandbox image); runs as user 65535. */
const PAUSE_IMAGE = 'registry.k8s.io/pause:3.10';

const original = readEnvironment(`${DIST}/deltran-mvp/prod`).map((m) => m.object);
const appNamespace = original.find((o) => o.kind === 'Namespace')!.metadata!.name as string;
const objects: KubernetesObject[] = original.map((o) => {
  const ns = o.metadata?.namespace;
  if (!ns) return o;
  return { ...o, metadata: { ...o.metadata, namespace: ns === appNamespace ? APP_NS : ns === 'argocd' ? ARGOCD_NS : ns } };
});

const byCheck = (results: CheckResult[]) => new Map(results.map((r) => [r.check, r]));
const restricted = {
  runAsNonRoot: true, runAsUser: 65535, allowPrivilegeEscalation: false,
  capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' },
};
const pauseContainer = { name: 'pause', image: PAUSE_IMAGE, imagePullPolicy: 'Never', securityContext: restricted };

/** Preflight against the real cluster, in namespaces of its own. */
export function preflightScenario(): void {
  describe('preflight against the real cluster', () => {
    beforeAll(async () => {
      await installCrds(cluster, pinnedCrds(), FIELD_MANAGER);
      for (const name of [APP_NS, ARGOCD_NS, CNI_NS]) await cluster.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } }, { fieldManager: FIELD_MANAGER });
    }, 120_000);

    afterAll(async () => {
      await deleteNamespaces(cluster, [APP_NS, ARGOCD_NS, CNI_NS]);
    }, 5 * 60_000);

    test('what the cluster has passes; Istio CNI, Argo CD and the Secrets fail with a fix', async () => {
      const results = byCheck(await preflight(cluster, objects));
      expect(results.get('kubernetes version')).toMatchObject({ ok: true, detail: expect.stringMatching(/^v1\.33\./) });
      const apis = [...results.values()].filter((r) => r.check.startsWith('api '));
      expect(apis.map((r) => r.check)).toEqual(expect.arrayContaining(['api apps/v1 StatefulSet', 'api argoproj.io/v1alpha1 Application', 'api jetstream.nats.io/v1beta2 Stream', 'api security.istio.io/v1 AuthorizationPolicy']));
      expect(apis.filter((r) => !r.ok)).toEqual([]);
      expect(results.get('storage class gp3')).toMatchObject({ ok: true });
      expect(results.get('istio cni')).toMatchObject({ ok: false, detail: 'the mesh is on but no istio-cni-node DaemonSet exists' });
      expect(results.get('argo cd version')).toMatchObject({ ok: false, fix: expect.stringMatching(/^install Argo CD 2\.5\.0 or newer/) });
      const secrets = [...results.values()].filter((r) => r.check.startsWith('secret '));
      expect(secrets.length).toBeGreaterThan(0);
      expect(secrets.every((r) => !r.ok && r.detail.startsWith('missing') && r.check.startsWith(`secret ${APP_NS}/`))).toBe(true);
    }, 120_000);

    test('the Secrets, once created, pass; a Secret without its key fails and names the key', async () => {
      const refs = referencedSecrets(objects);
      for (const ref of refs) await cluster.apply(randomSecret(ref), { fieldManager: FIELD_MANAGER });
      const first = refs[0];
      const partial = randomSecret({ ...first, keys: ['unrelated'] });
      await cluster.core.deleteNamespacedSecret({ name: first.name, namespace: first.namespace });
      await cluster.apply(partial, { fieldManager: FIELD_MANAGER });
      const results = await preflight(cluster, objects);
      const secrets = results.filter((r) => r.check.startsWith('secret '));
      expect(secrets.filter((r) => !r.ok)).toEqual([
        expect.objectContaining({ check: `secret ${first.namespace}/${first.name}`, detail: `exists without key${first.keys.length === 1 ? '' : 's'} ${first.keys.join(', ')}` }),
      ]);
      // the report names keys only: no value of any Secret appears
      const text = JSON.stringify(results);
      for (const value of Object.values(partial.stringData as Record<string, string>)) expect(text).not.toContain(value);
    }, 120_000);

    test('Argo CD older than the sync options need fails; a new enough one passes', async () => {
      const server = (version: string): KubernetesObject => ({
        apiVersion: 'apps/v1', kind: 'Deployment',
        metadata: { name: 'argocd-server', namespace: ARGOCD_NS, labels: { 'app.kubernetes.io/version': version } },
        spec: {
          replicas: 0, // only its labels are read: nothing needs to run
          selector: { matchLabels: { app: 'argocd-server' } },
          template: { metadata: { labels: { app: 'argocd-server' } }, spec: { containers: [pauseContainer] } },
        },
      });
      await cluster.apply(server('v2.4.9'), { fieldManager: FIELD_MANAGER });
      expect(byCheck(await preflight(cluster, objects)).get('argo cd version')).toMatchObject({ ok: false, detail: '2.4.9 is older than 2.5.0, which ServerSideApply=true needs' });
      await cluster.apply(server('v2.10.4'), { fieldManager: FIELD_MANAGER });
      expect(byCheck(await preflight(cluster, objects)).get('argo cd version')).toMatchObject({ ok: true, detail: '2.10.4 (at least 2.5.0 for ServerSideApply=true)' });
    }, 120_000);

    test('an istio-cni-node DaemonSet with every pod ready passes the CNI check', async () => {
      await cluster.apply({
        apiVersion: 'apps/v1', kind: 'DaemonSet',
        metadata: { name: 'istio-cni-node', namespace: CNI_NS },
        spec: {
          selector: { matchLabels: { 'k8s-app': 'istio-cni-node' } },
          template: { metadata: { labels: { 'k8s-app': 'istio-cni-node' } }, spec: { containers: [pauseContainer], terminationGracePeriodSeconds: 0 } },
        },
      }, { fieldManager: FIELD_MANAGER });
      const deadline = Date.now() + 90_000;
      let cni: CheckResult | undefined;
      while (Date.now() < deadline) {
        cni = byCheck(await preflight(cluster, objects)).get('istio cni');
        if (cni?.ok) break;
        await new Promise((r) => setTimeout(r, 2000));
      }
      expect(cni).toMatchObject({ ok: true, detail: `istio-cni-node in ${CNI_NS}: 1 of 1 pods ready` });
    }, 120_000);
  });
}
