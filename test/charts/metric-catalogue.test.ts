import { synthEnvironment } from '../../charts/platform';
import { METRIC_SOURCES } from '../../charts/metric-catalogue';
import { PLATFORMS } from '../../platforms';
import { K8sObject } from '../helpers';
import { metricNames } from '../promql';

/** Every PromQL expression of one shipped environment: alert rules and dashboard panel queries. */
function shippedQueries(): Array<{ where: string; expr: string }> {
  const out: Array<{ where: string; expr: string }> = [];
  for (const def of PLATFORMS) {
    for (const env of Object.keys(def.environments)) {
      for (const f of synthEnvironment(def, env).files) {
        for (const o of f.objects as K8sObject[]) {
          const where = `${def.name}/${env}/${f.file} ${o.kind} ${o.metadata.name}`;
          if (o.kind === 'PrometheusRule') {
            for (const r of o.spec.groups.flatMap((g: K8sObject) => g.rules)) out.push({ where: `${where} ${r.alert}`, expr: r.expr });
          }
          if (o.kind === 'ConfigMap' && o.metadata.labels?.grafana_dashboard) {
            for (const json of Object.values(o.data as Record<string, string>)) {
              for (const p of JSON.parse(json).panels) {
                for (const t of p.targets ?? []) out.push({ where: `${where} panel "${p.title}"`, expr: t.expr });
              }
            }
          }
        }
      }
    }
  }
  return out;
}

describe('metric catalogue', () => {
  const known = new Map(METRIC_SOURCES.flatMap((s) => s.names.map((n) => [n, s.exporter] as const)));
  const queries = shippedQueries();

  test('every metric of every alert and dashboard query of every shipped environment is one an exporter emits', () => {
    const unknown = queries.flatMap((q) => metricNames(q.expr).filter((n) => !known.has(n)).map((n) => `${n} (${q.where})`));
    expect(unknown).toEqual([]);
  });

  test('the queries cover alerts and dashboards of every component', () => {
    expect(queries.some((q) => / PrometheusRule /.test(q.where))).toBe(true);
    expect(queries.some((q) => / ConfigMap /.test(q.where))).toBe(true);
  });

  test('no name is listed for two exporters, and every source says where it was checked', () => {
    const all = METRIC_SOURCES.flatMap((s) => s.names);
    expect(all.length).toBe(new Set(all).size);
    for (const s of METRIC_SOURCES) {
      expect(s.checkedIn.length).toBeGreaterThan(10);
      for (const n of s.names) expect(n).toMatch(/^[a-zA-Z_:][a-zA-Z0-9_:]*$/);
    }
  });
});
