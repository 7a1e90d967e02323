import { syncEnvironment } from '../../cluster/lib/apply';
import { fitRequests, nodeCapacity } from '../../cluster/lib/fit';
import { readEnvironment } from '../../cluster/lib/manifests';
import { parseQuantity } from '../../diff/quantity';
import { DIST, FIELD_MANAGER, NODE_SHARE, testCluster } from './kube';
import { checkMonitoring, forgetNamespaces, scrapeAtTestInterval } from './prometheus';
import { checkEndpoints, checkPatroniRouting, checkVolumesBound, deleteNamespaces, summary } from './platform-checks';
import { recentLogs } from './pods';

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

/** The platform's dev and prod, one after the other (they share namespaces), each checked as above. */
export function platformComesUp(platform: string): void {
  describe(`${platform}: dev and prod come up`, () => {
    const figures: string[] = [];
    afterAll(() => console.log(`${platform} on the real cluster:\n${summary(figures)}`));
    test.each(ENVIRONMENTS)(`${platform}/%s comes up`, (env) => comesUp(platform, env, figures), 25 * 60_000);
  });
}

async function comesUp(platform: string, env: string, figures: string[]): Promise<void> {
  const all = readEnvironment(`${DIST}/${platform}/${env}`);
  const walG = all.some((m) => m.file === 'postgres.k8s.yaml' && m.object.kind === 'ConfigMap' && /\bwal-g\b/.test(JSON.stringify(m.object.data ?? {})));
  const leftOut = walG ? POSTGRES_FILES : [];
  if (walG) console.log(`${platform}/${env}: left out ${leftOut.join(', ')}: WAL-G archiving, and no WAL-G can be built here`);
  const manifests = all.filter((m) => !APP_FILES.test(m.file) && !leftOut.includes(m.file));
  const capacity = await nodeCapacity(cluster);
  const fit = fitRequests(manifests.map((m) => m.object), capacity, NODE_SHARE);
  const objects = manifests.map((m, i) => ({ file: m.file, object: fit.objects[i] }));
  scrapeAtTestInterval(objects);
  for (const name of fit.relaxedAntiAffinity) console.log(`${platform}/${env}: ${name}: required anti-affinity on the hostname relaxed to preferred (one node)`);
  // the namespaces the sync creates (Argo CD's objects are left out of it)
  const namespaces = objects.filter((o) => o.object.kind === 'Namespace').map((o) => o.object.metadata!.name as string);
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
    const synced = Date.now();
    const monitoring = await checkMonitoring(cluster, objects, NOT_RUNNING);
    console.log(`${platform}/${env}: synced in ${((synced - started) / 1000).toFixed(0)} s; monitoring checked in ${((Date.now() - synced) / 1000).toFixed(0)} s (targets up after ${monitoring.targetsSeconds.toFixed(0)} s, ${monitoring.quietSeconds === undefined ? 'alerts still active' : `no alert ${monitoring.quietSeconds.toFixed(0)} s later`})`);
    for (const alert of monitoring.expectedAlerts) console.log(`${platform}/${env}: ${alert}, as expected: no operator runs it here`);
    // the logs of the pods an alert names, in the failure message: the cluster is gone when the run is read
    const alertLogs = monitoring.alertPods.length ? await podLogs(namespaces, monitoring.alertPods) : '';
    expect({ volumes: volumes.problems, endpoints: endpoints.problems, patroni: patroni.problems, monitoring: monitoring.problems.map((p) => `${p}${alertLogs ? `\n${alertLogs}` : ''}`) })
      .toEqual({ volumes: [], endpoints: [], patroni: [], monitoring: [] });
    const workloads = objects.filter((o) => ['Deployment', 'StatefulSet'].includes(o.object.kind)).length;
    const scaled = fit.cpuFactor < 1 || fit.memoryFactor < 1
      ? `requests x${fit.cpuFactor.toFixed(2)} cpu, x${fit.memoryFactor.toFixed(2)} memory (asked ${fit.requested.cpu.toFixed(1)} cores, ${(fit.requested.memory / 2 ** 30).toFixed(1)} GiB)`
      : 'requests as synthesized';
    figures.push([
      `${platform}/${env}`, `${report.applied} objects`, `${workloads} workloads ready`, `${volumes.bound} PVCs bound`,
      `${endpoints.services} Services with endpoints`, `Patroni leaders: ${patroni.leaders}`,
      `${monitoring.monitors} monitors, ${monitoring.targetsUp} targets up, ${monitoring.ruleGroups} rule groups, no alert ${monitoring.quietSeconds?.toFixed(0)} s after targets up`,
      `${((Date.now() - started) / 1000).toFixed(0)}s`, scaled, walG ? 'no Postgres (WAL-G)' : '',
    ].join(' | '));
  } finally {
    await deleteNamespaces(cluster, namespaces);
  }
}

/** The request fitting keeps every request positive (no cluster needed; it runs with the lanes). */
export function fitKeepsRequestsPositive(): void {
  test('the fit keeps every request positive', () => {
    const fit = fitRequests(readEnvironment(`${DIST}/vatic-prop/prod`).map((m) => m.object), { cpu: 2, memory: 8 * 2 ** 30 });
    const requests = fit.objects.flatMap((o) => (o.spec?.template?.spec?.containers ?? []).map((c: any) => c.resources?.requests ?? {}));
    expect(fit.memoryFactor).toBeLessThan(1);
    for (const r of requests) {
      if (r.memory) expect(parseQuantity(r.memory)).toBeGreaterThan(0);
      if (r.cpu) expect(parseQuantity(r.cpu)).toBeGreaterThan(0);
    }
  });
}

/** The last lines of each named pod's first container (the one an alert is about), found in the namespaces. */
async function podLogs(namespaces: string[], pods: string[]): Promise<string> {
  const blocks: string[] = [];
  for (const ns of namespaces) {
    const wanted = (name: string) => pods.some((p) => (p.endsWith('-') ? name.startsWith(p) : name === p));
    for (const pod of (await cluster.core.listNamespacedPod({ namespace: ns })).items.filter((p) => wanted(p.metadata!.name!))) {
      blocks.push(await recentLogs(cluster, ns, [pod.metadata!.name!], pod.spec!.containers[0].name, 60));
    }
  }
  return blocks.join('\n');
}
