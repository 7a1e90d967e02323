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
const cases = environments(DIST);

beforeAll(async () => {
  await installCrds(cluster, pinnedCrds(), FIELD_MANAGER);
}, 120_000);

test('dist/ holds every shipped platform in three environments', () => {
  expect(cases.length).toBeGreaterThanOrEqual(15);
});

describe.each(cases)('%s/%s', (platform, env) => {
  test('every object is accepted by the API server with no warning', async () => {
    const objects = readEnvironment(`${DIST}/${platform}/${env}`);
    const problems: string[] = [];
    // namespaces for real: a namespaced dry-run needs its namespace, and Pod Security reads its labels
    for (const { object } of objects.filter((o) => o.object.kind === 'Namespace')) {
      const { warnings } = await cluster.apply(object, { fieldManager: FIELD_MANAGER });
      warnings.forEach((w) => problems.push(`${describeObject(object)}: warning: ${w}`));
    }
    for (const { file, object } of objects.filter((o) => o.object.kind !== 'Namespace')) {
      try {
        const { warnings } = await cluster.apply(object, { fieldManager: FIELD_MANAGER, dryRun: true });
        warnings.forEach((w) => problems.push(`${file}: ${describeObject(object)}: warning: ${w}`));
      } catch (err) {
        problems.push(`${file}: ${err instanceof ApplyError ? err.message : String(err)}`);
      }
    }
    console.log(`${platform}/${env}: ${objects.length} objects, ${problems.length} refused or warned`);
    expect(problems).toEqual([]);
  }, 300_000);
});
