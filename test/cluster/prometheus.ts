import { Cluster, KubernetesObject, labelSelector } from '../../cluster/lib/client';
import type { ManifestObject } from '../../cluster/lib/manifests';
import { readFileSync } from 'fs';
import { loadAll } from 'js-yaml';
import { join } from 'path';

/** The Prometheus that cluster/addons/prometheus.yaml runs, through the API server's Service proxy. */
const PROMETHEUS = '/api/v1/namespaces/monitoring/services/prometheus-operated:web/proxy';

export async function prometheusApi(cluster: Cluster, path: string): Promise<any> {
  const body = JSON.parse(await cluster.sendText('GET', `${PROMETHEUS}${path}`));
  if (body.status !== 'success') throw new Error(`Prometheus ${path}: ${body.error ?? body.status}`);
  return body.data;
}

/** The scrape pools (`podMonitor/<ns>/<name>/<n>`, `serviceMonitor/...`) of monitors in the namespaces. */
function poolsOfNamespaces(pools: string[], namespaces: string[]): string[] {
  return pools.filter((pool) => namespaces.some((ns) => pool.startsWith(`podMonitor/${ns}/`) || pool.startsWith(`serviceMonitor/${ns}/`)));
}

/**
 * Deletes every series of the namespaces, once Prometheus has dropped their scrape pools. A
 * namespace deleted with its PodMonitors leaves its series for the 5-minute lookback (a removed
 * scrape pool writes no staleness markers), which would count as a second master or a stale
 * target in the next environment. And until the operator's new configuration is loaded, the
 * deleted monitor's pool still discovers pods: it scrapes the next environment's pods as they
 * start (a sentinel that knows no other yet reports NOQUORUM), and when the pool is dropped that
 * series is left, unmarked, beside the new pool's: `RedisSentinelQuorumLost` fired on a healthy
 * platform that way. Deleting only after the pools are gone removes everything they scraped.
 */
export async function forgetNamespaces(cluster: Cluster, namespaces: string[], timeoutMs = 4 * 60_000): Promise<void> {
  const started = Date.now();
  for (;;) {
    const left = poolsOfNamespaces((await prometheusApi(cluster, '/api/v1/scrape_pools')).scrapePools ?? [], namespaces);
    if (left.length === 0) break;
    if (Date.now() - started > timeoutMs) {
      throw new Error(`Prometheus still has the scrape pools ${left.join(', ')} ${timeoutMs / 1000} s after their namespaces were deleted`);
    }
    await sleep(2000);
  }
  for (const ns of namespaces) {
    const match = encodeURIComponent(`{namespace="${ns}"}`);
    await cluster.sendText('POST', `${PROMETHEUS}/api/v1/admin/tsdb/delete_series?match[]=${match}`);
  }
  process.stderr.write(`Prometheus: series of ${namespaces.join(', ')} deleted, their scrape pools gone after ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}

/** How long after every target is up an alert may stay pending or firing while the platform settles. */
const QUIET_WITHIN_MS = 120_000;

export interface MonitoringReport {
  /** Monitors whose pods run, each with its targets up. */
  readonly monitors: number;
  readonly targetsUp: number;
  /** Rule groups of the platform loaded by Prometheus. */
  readonly ruleGroups: number;
  /** Alerts pending or firing for components that do not run here (`absent()` alerts, rightly). */
  readonly expectedAlerts: string[];
  readonly problems: string[];
  /** How long the targets took to be all up, rule groups loaded. */
  readonly targetsSeconds: number;
  /** How long after that no alert was pending or firing (but the expected ones); undefined if never. */
  readonly quietSeconds?: number;
  /** The pods the unexpected alerts name, for their logs in the failure message; `<workload>-` stands for all of a workload's. */
  readonly alertPods: string[];
}

/**
 * Prometheus scrapes what the platform declares and stays quiet at rest: every PodMonitor and
 * ServiceMonitor whose pods run has at least one target and all of them up, every rule group of
 * the PrometheusRules is loaded, and once the rules have been evaluated on two scrapes of every
 * target, no alert is pending or firing (within QUIET_WITHIN_MS of the targets being up: a platform
 * just made ready is still settling). Alerts of the rules in `notRunning` files (components
 * whose operator does not run here) are reported apart.
 */
export async function checkMonitoring(cluster: Cluster, manifests: ManifestObject[], notRunning: ReadonlySet<string>, timeoutMs = 4 * 60_000): Promise<MonitoringReport> {
  const objects = manifests.map((m) => m.object);
  const monitors = await monitorsWithPods(cluster, objects);
  // the operator writes each PrometheusRule to a file named <namespace>-<name>-<uid>.yaml
  const rules = manifests.filter((m) => m.object.kind === 'PrometheusRule');
  const ruleOf = (group: any) => rules.find((m) => (m.object.spec?.groups ?? []).some((g: any) => g.name === group.name)
    && String(group.file).includes(`/${m.object.metadata!.namespace}-${m.object.metadata!.name}-`));
  const groups = rules.flatMap((m) => (m.object.spec?.groups ?? []).map((g: any) => g.name as string));
  const workloadsOf = (file: string) => manifests.filter((m) => m.file === file && ['StatefulSet', 'Deployment'].includes(m.object.kind!)).map((m) => m.object.metadata!.name!);
  const started = Date.now();
  const deadline = started + timeoutMs;
  let problems: string[] = [];
  let targetsUp = 0;
  for (;;) {
    const targets = (await prometheusApi(cluster, '/api/v1/targets?state=active')).activeTargets as any[];
    const loaded = new Set(((await prometheusApi(cluster, '/api/v1/rules')).groups as any[]).filter((g) => ruleOf(g)).map((g) => g.name));
    problems = [];
    targetsUp = 0;
    for (const pool of monitors) {
      const mine = targets.filter((t) => t.scrapePool.startsWith(pool));
      if (mine.length === 0) problems.push(`${pool}: no target`);
      for (const t of mine) {
        if (t.health === 'up') targetsUp++;
        else problems.push(`${pool}: ${t.scrapeUrl} is ${t.health}${t.lastError ? ` (${t.lastError})` : ''}`);
      }
    }
    for (const g of groups) if (!loaded.has(g)) problems.push(`rule group ${g} not loaded`);
    if (problems.length === 0 || Date.now() > deadline) break;
    await sleep(5000);
  }
  const targetsUpAt = Date.now();
  const targetsSeconds = (targetsUpAt - started) / 1000;
  let expectedAlerts: string[] = [];
  let quietSeconds: number | undefined;
  let alertPods: string[] = [];
  const platformAlertGroups = async () => ((await prometheusApi(cluster, '/api/v1/rules?type=alert')).groups as any[]).filter((g) => ruleOf(g));
  /** Alerts pending or firing: of the components that do not run here (expected), and the rest. */
  const activeAlerts = (mine: any[]) => {
    const out = { expected: [] as string[], unexpected: [] as string[], pods: [] as string[] };
    for (const group of mine) {
      const file = ruleOf(group)!.file;
      for (const rule of group.rules.filter((r: any) => r.state !== 'inactive')) {
        const line = `alert ${rule.name} is ${rule.state} (${file}, group ${group.name})`;
        if (notRunning.has(file)) out.expected.push(line);
        else {
          // since when and at what value: a series left from an earlier scrape shows as an old activeAt
          out.unexpected.push(`${line}: ${JSON.stringify(rule.alerts.map((a: any) => ({ ...a.labels, activeAt: a.activeAt, value: a.value })))}`);
          // the pods it names and every pod of its file's workloads, by name prefix (StatefulSet
          // pods are <name>-<ordinal>): a replica missing or a master changed is explained by
          // the master's and the sentinels' logs, not the named pod's alone
          out.pods.push(...rule.alerts.map((a: any) => a.labels.pod).filter(Boolean), ...workloadsOf(file).map((w) => `${w}-`));
        }
      }
    }
    return out;
  };
  if (problems.length === 0) {
    // rate() needs two samples and `for:` starts counting at the first evaluation: wait until every
    // group has been evaluated one scrape interval after all targets were seen up
    const interval = longestInterval(objects);
    const settled = Date.now() + interval;
    await sleep(interval);
    const evaluated = (g: any) => Date.parse(g.lastEvaluation) > settled;
    for (;;) {
      const mine = await platformAlertGroups();
      if (mine.every(evaluated) || Date.now() > deadline + 60_000) break;
      await sleep(2000);
    }
    // at rest: a platform just made ready still settles (sentinels finding each other, replicas
    // seen by them), which the monitors' own 30 s scrapes used to hide; no alert may stay
    // pending or firing QUIET_WITHIN_MS after the targets were up
    const quietBy = settled + QUIET_WITHIN_MS;
    for (;;) {
      const active = activeAlerts(await platformAlertGroups());
      expectedAlerts = active.expected;
      problems = active.unexpected;
      alertPods = [...new Set(active.pods)];
      if (problems.length === 0) {
        quietSeconds = (Date.now() - targetsUpAt) / 1000;
        break;
      }
      if (Date.now() > quietBy) break;
      await sleep(2000);
    }
  }
  return { monitors: monitors.length, targetsUp, ruleGroups: groups.length, expectedAlerts, problems, targetsSeconds, quietSeconds, alertPods };
}

/** The scrape pool prefixes (`podMonitor/<ns>/<name>/`) of the monitors that select running pods. */
async function monitorsWithPods(cluster: Cluster, objects: KubernetesObject[]): Promise<string[]> {
  const pools: string[] = [];
  for (const m of objects.filter((o) => o.kind === 'PodMonitor' || o.kind === 'ServiceMonitor')) {
    const ns = m.metadata!.namespace;
    const selector = labelSelector(m.spec?.selector?.matchLabels ?? {});
    if (m.kind === 'PodMonitor') {
      const pods = (await cluster.core.listNamespacedPod({ namespace: ns, labelSelector: selector })).items;
      if (!pods.some((p) => p.status?.phase === 'Running')) continue;
    } else {
      const services = (await cluster.core.listNamespacedService({ namespace: ns, labelSelector: selector })).items;
      if (services.length === 0) continue;
    }
    pools.push(`${m.kind === 'PodMonitor' ? 'podMonitor' : 'serviceMonitor'}/${ns}/${m.metadata!.name}/`);
  }
  return pools;
}

/** The test Prometheus' global scrape and rule evaluation interval in seconds (cluster/addons/prometheus.yaml). */
export function testPrometheusInterval(): number {
  if (addonInterval === undefined) {
    const docs = loadAll(readFileSync(join(__dirname, '../../cluster/addons/prometheus.yaml'), 'utf8')) as KubernetesObject[];
    addonInterval = seconds(docs.find((d) => d?.kind === 'Prometheus')!.spec.scrapeInterval);
  }
  return addonInterval;
}
let addonInterval: number | undefined;

const seconds = (interval: string): number => {
  const match = /^(\d+)s$/.exec(interval);
  if (!match) throw new Error(`scrape interval ${interval}: seconds expected`);
  return Number(match[1]);
};

/**
 * The monitors scraping at the test Prometheus' interval: the check waits for two scrapes of every
 * target after they are all up, 60 s at the platforms' 30 s, 10 s at 5 s. What is checked (targets
 * up, rules loaded, no alert at rest) does not depend on the interval; the offline tests hold the
 * synthesized intervals.
 */
export function scrapeAtTestInterval(objects: ManifestObject[]): void {
  const interval = `${testPrometheusInterval()}s`;
  for (const { object } of objects) {
    if (object.kind !== 'PodMonitor' && object.kind !== 'ServiceMonitor') continue;
    for (const endpoint of object.spec?.podMetricsEndpoints ?? object.spec?.endpoints ?? []) {
      endpoint.interval = interval;
      delete endpoint.scrapeTimeout;
    }
  }
}

/** The longest scrape interval of the monitors, in ms (the test Prometheus' own when none is set). */
function longestInterval(objects: KubernetesObject[]): number {
  const global = testPrometheusInterval();
  const intervals = objects.filter((o) => o.kind === 'PodMonitor' || o.kind === 'ServiceMonitor')
    .flatMap((o) => (o.spec?.podMetricsEndpoints ?? o.spec?.endpoints ?? []).map((e: any) => (e.interval ? seconds(e.interval) : global)));
  return Math.max(global, ...intervals) * 1000;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
