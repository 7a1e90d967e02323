import { checkDnsLabel, checkDnsSubdomain, checkInt } from '../lib/checks';
import { ProblemCollector } from '../lib/errors';
import { AlertThresholdsSpec, PlatformSpec } from '../spec';

const LABEL_KEY = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const LABEL_VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/;

/** Upper bound of each ratio: CPU may legitimately run above its request, memory and disk not above their limit. */
const RATIO_MAX: Record<'errorRatio' | 'cpuRatio' | 'memoryRatio' | 'volumeRatio', number> = {
  errorRatio: 1, cpuRatio: 10, memoryRatio: 1, volumeRatio: 1,
};

export function checkMonitoring(c: ProblemCollector, spec: PlatformSpec): void {
  const m = spec.monitoring;
  if (!m) return;
  if (m.prometheusNamespace !== undefined) checkDnsLabel(c, 'monitoring.prometheusNamespace', m.prometheusNamespace);
  if (m.runbookBaseUrl !== undefined && (typeof m.runbookBaseUrl !== 'string' || !/^https?:\/\/[^\s]+$/.test(m.runbookBaseUrl))) {
    c.add('monitoring.runbookBaseUrl', m.runbookBaseUrl, 'an http(s) URL of the folder that holds <Alert>.md, such as "https://git.example.com/org/repo/blob/main/docs/runbooks"', 'point it at the folder that serves one page per alert, or remove it to link the runbooks of gitops.repoUrl');
  }
  if (m.dashboardNamespace !== undefined) checkDnsLabel(c, 'monitoring.dashboardNamespace', m.dashboardNamespace);
  if (m.prometheusServiceAccount !== undefined) checkDnsSubdomain(c, 'monitoring.prometheusServiceAccount', m.prometheusServiceAccount);
  checkLabels(c, 'monitoring.selectorLabels', m.selectorLabels, 'copy the ruleSelector/podMonitorSelector labels of your Prometheus');
  checkLabels(c, 'monitoring.dashboardLabels', m.dashboardLabels, 'copy the label (and value) your Grafana dashboard sidecar watches for');
  for (const key of ['sidecarMetrics', 'dashboards'] as const) {
    if (m[key] !== undefined && typeof m[key] !== 'boolean') c.add(`monitoring.${key}`, m[key], 'true or false', 'write a boolean');
  }
  checkThresholds(c, m.thresholds);
}

function checkLabels(c: ProblemCollector, path: string, labels: Record<string, string> | undefined, fix: string): void {
  for (const [k, v] of Object.entries(labels ?? {})) {
    if (!LABEL_KEY.test(k) || typeof v !== 'string' || v.length > 63 || !LABEL_VALUE.test(v)) {
      c.add(`${path}.${k}`, v, 'a valid Kubernetes label key and value', fix);
    }
  }
}

function checkThresholds(c: ProblemCollector, t: AlertThresholdsSpec | undefined): void {
  if (!t) return;
  for (const key of Object.keys(RATIO_MAX) as (keyof typeof RATIO_MAX)[]) {
    const v = t[key];
    if (v !== undefined && (typeof v !== 'number' || !(v > 0) || v > RATIO_MAX[key])) {
      c.add(`monitoring.thresholds.${key}`, v, `a ratio above 0 and at most ${RATIO_MAX[key]} (0.05 = 5%)`, 'write the threshold as a fraction, e.g. 0.8 for 80%');
    }
  }
  const p95 = t.p95LatencySeconds;
  if (p95 !== undefined && (typeof p95 !== 'number' || !(p95 > 0))) {
    c.add('monitoring.thresholds.p95LatencySeconds', p95, 'a number of seconds above 0', 'write seconds, e.g. 2 or 0.5');
  }
  checkInt(c, 'monitoring.thresholds.restartsPerHour', t.restartsPerHour, 1);
}
