import { ProblemCollector } from '../../../charts/lib/errors';
import { monitoringComponent } from '../../../charts/monitoring';
import { resolveSpec } from '../../../charts/platform';
import { PlatformSpec } from '../../../charts/spec';
import { PLATFORMS } from '../../../platforms';
import { SHOP } from './fixtures';

function problems(spec: PlatformSpec): string[] {
  const c = new ProblemCollector('spec');
  monitoringComponent.check(c, spec);
  return c.problems.map((p) => p.path);
}

describe('monitoring checks', () => {
  test('thresholds are ratios, seconds and a whole number of restarts', () => {
    expect(problems({ ...SHOP, monitoring: { thresholds: { errorRatio: 5, cpuRatio: 0, memoryRatio: 1.5, volumeRatio: -1, p95LatencySeconds: 0, restartsPerHour: 0.5 } } })).toEqual([
      'spec.monitoring.thresholds.errorRatio', 'spec.monitoring.thresholds.cpuRatio', 'spec.monitoring.thresholds.memoryRatio',
      'spec.monitoring.thresholds.volumeRatio', 'spec.monitoring.thresholds.p95LatencySeconds', 'spec.monitoring.thresholds.restartsPerHour',
    ]);
    expect(problems({ ...SHOP, monitoring: { thresholds: { cpuRatio: 1.5 } } })).toEqual([]);
  });

  test('namespace, runbook URL and selector labels', () => {
    expect(problems({ ...SHOP, monitoring: { prometheusNamespace: 'Monitoring', runbookBaseUrl: 'runbooks', selectorLabels: { release: 'not valid!' } } }))
      .toEqual(['spec.monitoring.prometheusNamespace', 'spec.monitoring.runbookBaseUrl', 'spec.monitoring.selectorLabels.release']);
  });

  test('Prometheus ServiceAccount, dashboard labels and switches', () => {
    expect(problems({ ...SHOP, monitoring: { prometheusServiceAccount: 'Prometheus_SA', dashboardLabels: { 'grafana dashboard': '1' }, dashboards: 'yes' as unknown as boolean, dashboardNamespace: 'Grafana' } }))
      .toEqual(['spec.monitoring.dashboardNamespace', 'spec.monitoring.prometheusServiceAccount', 'spec.monitoring.dashboardLabels.grafana dashboard', 'spec.monitoring.dashboards']);
    expect(problems({ ...SHOP, monitoring: { prometheusServiceAccount: 'prometheus-k8s', dashboardLabels: { grafana_dashboard: '1' }, dashboards: false } })).toEqual([]);
  });

  test('every shipped platform passes', () => {
    for (const def of PLATFORMS) {
      for (const env of Object.keys(def.environments)) {
        expect(problems(resolveSpec(def, env))).toEqual([]);
      }
    }
  });
});
