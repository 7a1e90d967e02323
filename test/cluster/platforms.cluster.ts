import { syncEnvironment } from '../../cluster/lib/apply';
import { installCrds, pinnedCrds } from '../../cluster/lib/crds';
import { fitRequests, nodeCapacity } from '../../cluster/lib/fit';
import { readEnvironment } from '../../cluster/lib/manifests';
import { parseQuantity } from '../../diff/quantity';
import { DIST, FIELD_MANAGER, testCluster } from './kube';
import { checkMonitoring, forgetNamespaces } from './prometheus';
import { checkEndpoints, checkPatroniRouting, checkVolumesBound, deleteNamespaces, summary } from './platform-checks';
import { PLATFORMS } from '../../platforms';

/**
 * Each shipped platform's dev and prod, synced into the real cluster wave by wave and checked
 * once every wave is ready (workloads rolled out, NACK's Streams and Consumers Ready): PVCs
 * bound, every Service with ready endpoints, Patroni elected a leader on the Kubernetes DCS and
 * the -rw/-ro Services follow its role labels, Prometheus (selecting as kube-prometheus-stack does)
 * scrapes every monitor's targets, loads every rule group and has no alert pending or firing.
 *
 * Left out: the application services (svc-*, edge: the users' own images, which no registry
 * here serves), the edge rate limit (an EnvoyFilter beside Istio's ingress gateway, in
 * istio-system, which this cluster does not run), Argo CD's objects (no Argo CD runs; the sync plays its part), and Postgres with
 * its poolers where the environment archives WAL with WAL-G: no version of WAL-G is served by
 * the module proxy, and a standby whose restore_command is missing stops at startup.
 */
const cluster = testCluster();
const APP_FILES = /^(svc-.*|edge|edge-rate-limit)\.k8s\.yaml$/;
const ENVIRONMENTS = ['dev', 'prod'];
const POSTGRES_FILES = ['postgres.k8s.yaml', 'pgbouncer.k8s.yaml'];
/** Applied, but no operator brings them up here (Strimzi is not run: see the README). */
const NOT_RUNNING = new Set(['kafka.k8s.yaml']);
const figures: string[] = [];

beforeAll(async () => {
  await installCrds(cluster, pinnedCrds(), FIELD_MANAGER);
}, 120_000);

// Two environments come up side by side (their namespaces differ; each fits its requests into
// half the node), most of a bring-up being waits: a pool of two (jest's maxConcurrency), all dev
// environments first, then all prod ones. Each environment's namespaces are deleted without
// waiting, so a teardown overlaps the next bring-up; the dev and prod of one platform share
// namespaces, so a platform's prod waits for its dev, and for its namespaces to be gone.
const { maxConcurrency: SIDE_BY_SIDE } = require('../../jest.cluster.config.js') as { maxConcurrency: number };
const terminating = new Set<string>();
const platformRuns = new Map<string, Promise<unknown>>();
/** Runs `run` after every earlier run of the same platform has ended. */
function afterEarlierRuns(platform: string, run: () => Promise<void>): Promise<void> {
  const next = (platformRuns.get(platform) ?? Promise.resolve()).catch(() => undefined).then(run);
  platformRuns.set(platform, next);
  return next;
}
afterAll(async () => {
  console.log(`platforms on the real cluster:\n${summary(figures)}`);
  await deleteNamespaces(cluster, [...terminating]);
}, 10 * 60_000);

const RUNS = ENVIRONMENTS.flatMap((env) => PLATFORMS.map((p) => [p.name, env]));
test.concurrent.each(RUNS)('%s/%s comes up', (platform, env) => afterEarlierRuns(platform, () => comesUp(platform, env)), 25 * 60_000);

async function comesUp(platform: string, env: string): Promise<void> {
  const all = readEnvironment(`${DIST}/${platform}/${env}`);
  const walG = all.some((m) => m.file === 'postgres.k8s.yaml' && m.object.kind === 'ConfigMap' && /\bwal-g\b/.test(JSON.stringify(m.object.data ?? {})));
  const leftOut = walG ? POSTGRES_FILES : [];
  if (walG) console.log(`${platform}/${env}: left out ${leftOut.join(', ')}: WAL-G archiving, and no WAL-G can be built here`);
  const manifests = all.filter((m) => !APP_FILES.test(m.file) && !leftOut.includes(m.file));
  const capacity = await nodeCapacity(cluster);
  const fit = fitRequests(manifests.map((m) => m.object), capacity, 0.8 / SIDE_BY_SIDE);
  const objects = manifests.map((m, i) => ({ file: m.file, object: fit.objects[i] }));
  for (const name of fit.relaxedAntiAffinity) console.log(`${platform}/${env}: ${name}: required anti-affinity on the hostname relaxed to preferred (one node)`);
  const namespaces = [...new Set(objects.map((o) => o.object.metadata?.namespace).filter((n): n is string => !!n))];
  await deleteNamespaces(cluster, namespaces);
  await forgetNamespaces(cluster, namespaces);
  const started = Date.now();
  try {
    const report = await syncEnvironment(cluster, objects, {
      fieldManager: FIELD_MANAGER,
      // NACK runs in the cluster: its Streams and Consumers must report Ready
      operatorGroups: new Set(['jetstream.nats.io']),
      waveTimeoutMs: 8 * 60_000,
      log: (line) => console.log(`${platform}/${env}: ${line}`),
    });
    const volumes = await checkVolumesBound(cluster, namespaces);
    const endpoints = await checkEndpoints(cluster, namespaces, objects.map((o) => o.object));
    const patroni = await checkPatroniRouting(cluster, objects.map((o) => o.object));
    const monitoring = await checkMonitoring(cluster, objects, NOT_RUNNING);
    for (const alert of monitoring.expectedAlerts) console.log(`${platform}/${env}: ${alert}, as expected: no operator runs it here`);
    expect({ volumes: volumes.problems, endpoints: endpoints.problems, patroni: patroni.problems, monitoring: monitoring.problems })
      .toEqual({ volumes: [], endpoints: [], patroni: [], monitoring: [] });
    const workloads = objects.filter((o) => ['Deployment', 'StatefulSet'].includes(o.object.kind)).length;
    const scaled = fit.cpuFactor < 1 || fit.memoryFactor < 1
      ? `requests x${fit.cpuFactor.toFixed(2)} cpu, x${fit.memoryFactor.toFixed(2)} memory (asked ${fit.requested.cpu.toFixed(1)} cores, ${(fit.requested.memory / 2 ** 30).toFixed(1)} GiB)`
      : 'requests as synthesized';
    figures.push([
      `${platform}/${env}`, `${report.applied} objects`, `${workloads} workloads ready`, `${volumes.bound} PVCs bound`,
      `${endpoints.services} Services with endpoints`, `Patroni leaders: ${patroni.leaders}`,
      `${monitoring.monitors} monitors, ${monitoring.targetsUp} targets up, ${monitoring.ruleGroups} rule groups, no alert`,
      `${((Date.now() - started) / 1000).toFixed(0)}s`, scaled, walG ? 'no Postgres (WAL-G)' : '',
    ].join(' | '));
  } finally {
    for (const name of namespaces) {
      terminating.add(name);
      await cluster.core.deleteNamespace({ name }).catch((err: any) => { if (err?.code !== 404) throw err; });
    }
  }
}

test('the fit keeps every request positive', () => {
  const fit = fitRequests(readEnvironment(`${DIST}/vatic-prop/prod`).map((m) => m.object), { cpu: 2, memory: 8 * 2 ** 30 });
  const requests = fit.objects.flatMap((o) => (o.spec?.template?.spec?.containers ?? []).map((c: any) => c.resources?.requests ?? {}));
  expect(fit.memoryFactor).toBeLessThan(1);
  for (const r of requests) {
    if (r.memory) expect(parseQuantity(r.memory)).toBeGreaterThan(0);
    if (r.cpu) expect(parseQuantity(r.cpu)).toBeGreaterThan(0);
  }
});
