import { execFileSync } from 'child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { stringify } from 'yaml';
import { dashboardJson, dashboardUid, DashboardSpec } from '../../../charts/lib/dashboards';
import { ComponentContext } from '../../../charts/lib/context';
import { synthEnvironment } from '../../../charts/platform';
import { PLATFORMS } from '../../../platforms';
import { allObjects, K8sObject, requireTool, synthShipped, synthSpec } from '../../helpers';
import { SHOP } from '../monitoring/fixtures';

const ctx = (platform: string, environment: string): ComponentContext => ({ platform, environment, namespace: 'shop', spec: { namespace: 'shop' } });
const SPEC: DashboardSpec = {
  component: 'postgres',
  title: 'Postgres db',
  description: 'test',
  rows: [{ title: 'Row', panels: [
    { title: 'Up', description: 'members up', unit: 'short', stat: true, queries: [{ expr: 'sum(pg_up)', legend: 'up' }] },
    { title: 'Lag', description: 'lag', unit: 'bytes', queries: [{ expr: 'max(a)', legend: 'a' }, { expr: 'max(b)', legend: 'b' }] },
  ] }],
};
const dashboards = (objects: K8sObject[]) => objects.filter((o) => o.kind === 'ConfigMap' && o.metadata.labels?.grafana_dashboard === '1');

describe('dashboard JSON', () => {
  test('the uid is stable, at most 40 characters, and differs between platforms and environments', () => {
    const uid = dashboardUid(ctx('shop', 'prod'), 'pgbouncer');
    expect(uid).toBe(dashboardUid(ctx('shop', 'prod'), 'pgbouncer'));
    expect(uid).toMatch(/^pgbouncer-[0-9a-f]+$/);
    expect(uid.length).toBeLessThanOrEqual(40);
    expect(new Set([uid, dashboardUid(ctx('shop', 'dev'), 'pgbouncer'), dashboardUid(ctx('bank', 'prod'), 'pgbouncer')]).size).toBe(3);
  });

  test('rows and panels with unique ids, queries on the data source variable, a reducer on stats', () => {
    const d = JSON.parse(dashboardJson(ctx('shop', 'prod'), SPEC));
    expect(d.title).toBe('Postgres db · shop prod');
    expect(d.uid).toBe(dashboardUid(ctx('shop', 'prod'), 'postgres'));
    expect(d.templating.list.map((v: K8sObject) => [v.name, v.type, v.query])).toEqual([['datasource', 'datasource', 'prometheus']]);
    expect(d.panels.map((p: K8sObject) => [p.id, p.type, p.title])).toEqual([[1, 'row', 'Row'], [2, 'stat', 'Up'], [3, 'timeseries', 'Lag']]);
    expect(d.panels[2].targets).toEqual([
      { expr: 'max(a)', legendFormat: 'a', refId: 'A' },
      { expr: 'max(b)', legendFormat: 'b', refId: 'B' },
    ]);
    expect(d.panels[2].datasource).toEqual({ type: 'prometheus', uid: '${datasource}' });
    expect(d.panels[1].options.reduceOptions.calcs).toEqual(['lastNotNull']);
    expect(d.panels[2].fieldConfig.defaults.unit).toBe('bytes');
  });

  test('the same spec gives the same bytes', () => {
    expect(dashboardJson(ctx('shop', 'prod'), SPEC)).toBe(dashboardJson(ctx('shop', 'prod'), SPEC));
  });
});

describe('dashboard ConfigMaps', () => {
  test('one per component present plus services and the overview, labelled for the sidecar, one dashboard each under a cluster-unique key', () => {
    // deltran-mvp runs Postgres with PgBouncer, Redis, NATS and services in the mesh
    const objects = allObjects(synthShipped('deltran-mvp', 'prod'));
    const namespace = objects.find((o) => o.kind === 'Namespace')!.metadata.name;
    const cms = dashboards(objects);
    expect(cms.map((c) => c.metadata.name).sort()).toEqual([
      'nats-dashboard', 'overview-dashboard', 'pgbouncer-dashboard', 'postgres-dashboard', 'redis-dashboard', 'sentinel-dashboard', 'services-dashboard',
    ]);
    for (const cm of cms) {
      const component = cm.metadata.name.replace(/-dashboard$/, '');
      expect(Object.keys(cm.data)).toEqual([`deltran-mvp-prod-${component}.json`]);
      expect(cm.metadata.namespace).toBe(namespace);
      expect(cm.metadata.annotations['argocd.argoproj.io/sync-wave']).toBe('20');
    }
  });

  test('no services dashboard without the mesh, none at all when turned off, the sidecar label from the spec', () => {
    expect(dashboards(allObjects(synthSpec({ ...SHOP, mesh: { enabled: false } }))).map((c) => c.metadata.name)).toEqual(['overview-dashboard']);
    expect(dashboards(allObjects(synthSpec({ ...SHOP, monitoring: { dashboards: false } })))).toEqual([]);
    const custom = allObjects(synthSpec({ ...SHOP, monitoring: { dashboardLabels: { 'grafana.example.com/dashboard': 'platform' } } }))
      .filter((o) => o.kind === 'ConfigMap' && o.metadata.labels['grafana.example.com/dashboard'] === 'platform');
    expect(custom.map((c) => c.metadata.name).sort()).toEqual(['overview-dashboard', 'services-dashboard']);
    expect(custom[0].metadata.labels.grafana_dashboard).toBeUndefined();
  });

  test('in another namespace (monitoring.dashboardNamespace) the names carry platform and environment, and ArgoCD may write there', () => {
    const files = synthSpec({ ...SHOP, gitops: { repoUrl: 'https://github.com/shop/platform.git' }, monitoring: { dashboardNamespace: 'grafana' } });
    const cms = dashboards(allObjects(files));
    expect(cms.map((c) => [c.metadata.namespace, c.metadata.name]).sort()).toEqual([
      ['grafana', 'test-test-overview-dashboard'], ['grafana', 'test-test-services-dashboard'],
    ]);
    const project = files.get('argocd')!.find((o) => o.kind === 'AppProject')!;
    expect(project.spec.destinations.map((d: K8sObject) => d.namespace)).toEqual(['shop', 'grafana']);
    const plain = synthSpec({ ...SHOP, gitops: { repoUrl: 'https://github.com/shop/platform.git' } }).get('argocd')!.find((o) => o.kind === 'AppProject')!;
    expect(plain.spec.destinations.map((d: K8sObject) => d.namespace)).toEqual(['shop']);
  });

  test('every shipped environment has a dashboard per component it runs, with uids unique across all of them', () => {
    const uids = new Set<string>();
    for (const def of PLATFORMS) {
      for (const env of Object.keys(def.environments)) {
        const files = synthEnvironment(def, env).files;
        const objects = files.flatMap((f) => f.objects as K8sObject[]);
        const names = dashboards(objects).map((c) => c.metadata.name);
        const has = (file: string) => files.some((f) => f.file === file);
        const expected = ['overview-dashboard',
          ...(has('postgres') ? ['postgres-dashboard'] : []), ...(has('pgbouncer') ? ['pgbouncer-dashboard'] : []),
          ...(has('redis') ? ['redis-dashboard', 'sentinel-dashboard'] : []), ...(has('nats') ? ['nats-dashboard'] : []),
          ...(has('kafka') ? ['kafka-dashboard'] : [])];
        expect(names).toEqual(expect.arrayContaining(expected));
        for (const cm of dashboards(objects)) uids.add(JSON.parse(Object.values(cm.data as Record<string, string>)[0]).uid);
      }
    }
    const total = PLATFORMS.flatMap((d) => Object.keys(d.environments).map((env) => dashboards(synthEnvironment(d, env).files.flatMap((f) => f.objects as K8sObject[])).length))
      .reduce((a, b) => a + b, 0);
    expect(uids.size).toBe(total);
  });
});

describe('dashboard queries', () => {
  test('every panel query of every shipped environment is valid PromQL for Prometheus itself (promtool)', () => {
    requireTool('promtool', 'prometheus');
    const exprs = new Set<string>();
    for (const def of PLATFORMS) {
      for (const env of Object.keys(def.environments)) {
        for (const cm of dashboards(synthEnvironment(def, env).files.flatMap((f) => f.objects as K8sObject[]))) {
          for (const p of JSON.parse(Object.values(cm.data as Record<string, string>)[0]).panels) {
            // Grafana substitutes its interval variable before the query reaches Prometheus
            for (const t of p.targets ?? []) exprs.add(t.expr.replace(/\$__rate_interval/g, '5m'));
          }
        }
      }
    }
    expect(exprs.size).toBeGreaterThan(50);
    const dir = mkdtempSync(join(tmpdir(), 'dashboard-queries-'));
    try {
      const file = join(dir, 'queries.yaml');
      writeFileSync(file, stringify({ groups: [{ name: 'panels', rules: [...exprs].map((expr, i) => ({ record: `panel:query:${i}`, expr })) }] }, { lineWidth: 0 }));
      execFileSync('promtool', ['check', 'rules', file], { stdio: 'pipe' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
