import type { Cluster, KubernetesObject } from '../../cluster/lib/client';

/** The Prometheus that cluster/addons/prometheus.yaml runs, through the API server's Service proxy. */
const PROMETHEUS = '/api/v1/namespaces/monitoring/services/prometheus-operated:web/proxy';

export async function prometheusApi(cluster: Cluster, path: string): Promise<any> {
  const body = JSON.parse(await cluster.getText(`${PROMETHEUS}${path}`));
  if (body.status !== 'success') throw new Error(`Prometheus ${path}: ${body.error ?? body.status}`);
  return body.data;
}

export interface MonitoringReport {
  /** Monitors whose pods run, each with its targets up. */
  readonly monitors: number;
  readonly targetsUp: number;
  /** Rule groups of the platform loaded by Prometheus. */
  readonly ruleGroups: number;
  readonly problems: string[];
}

/**
 * Prometheus scrapes what the platform declares and stays quiet at rest: every PodMonitor and
 * ServiceMonitor whose pods run has at least one target and all of them up, every rule group of
 * the PrometheusRules is loaded, and no alert of the platform is pending or firing once two
 * evaluations have run on the scraped data.
 */
export async function checkMonitoring(cluster: Cluster, objects: KubernetesObject[], timeoutMs = 4 * 60_000): Promise<MonitoringReport> {
  const monitors = await monitorsWithPods(cluster, objects);
  const groups = objects.filter((o) => o.kind === 'PrometheusRule').flatMap((o) => (o.spec?.groups ?? []).map((g: any) => g.name as string));
  const deadline = Date.now() + timeoutMs;
  let problems: string[] = [];
  let targetsUp = 0;
  for (;;) {
    const targets = (await prometheusApi(cluster, '/api/v1/targets?state=active')).activeTargets as any[];
    const loaded = new Set(((await prometheusApi(cluster, '/api/v1/rules')).groups as any[]).map((g) => g.name));
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
  if (problems.length === 0) {
    // rate() needs two samples and `for:` starts counting at the first evaluation: let both happen
    await sleep(2 * 30_000);
    // the platform under test is the only one with rules in the cluster
    const alerts = (await prometheusApi(cluster, '/api/v1/alerts')).alerts as any[];
    for (const a of alerts) problems.push(`alert ${a.labels.alertname} is ${a.state}: ${JSON.stringify(a.labels)}`);
  }
  return { monitors: monitors.length, targetsUp, ruleGroups: groups.length, problems };
}

/** The scrape pool prefixes (`podMonitor/<ns>/<name>/`) of the monitors that select running pods. */
async function monitorsWithPods(cluster: Cluster, objects: KubernetesObject[]): Promise<string[]> {
  const pools: string[] = [];
  for (const m of objects.filter((o) => o.kind === 'PodMonitor' || o.kind === 'ServiceMonitor')) {
    const ns = m.metadata!.namespace;
    const labels = m.spec?.selector?.matchLabels ?? {};
    const selector = Object.entries(labels).map(([k, v]) => `${k}=${v}`).join(',');
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

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
