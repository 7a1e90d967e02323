import { createHash } from 'crypto';
import {
  LegendDisplayMode, LegendPlacement, ReduceDataOptionsBuilder, SortOrder, TooltipDisplayMode, VizLegendOptionsBuilder, VizTooltipOptionsBuilder,
} from '@grafana/grafana-foundation-sdk/common';
import { DashboardBuilder, DatasourceVariableBuilder, RowBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import { DataqueryBuilder } from '@grafana/grafana-foundation-sdk/prometheus';
import { PanelBuilder as StatPanel } from '@grafana/grafana-foundation-sdk/stat';
import { PanelBuilder as TimeseriesPanel } from '@grafana/grafana-foundation-sdk/timeseries';
import { k8s } from './k8s';
import { Construct } from 'constructs';
import { ComponentContext, monitoringSettings } from './context';
import { syncWave, SyncWave } from './gitops';
import { MANAGED_BY } from './labels';

/** One PromQL query of a panel; `legend` is a Grafana legend template such as "{{pod}}". */
export interface PanelQuery {
  readonly expr: string;
  readonly legend: string;
}

export interface PanelSpec {
  readonly title: string;
  /** What the panel shows and what a bad value means; Grafana shows it on hover. */
  readonly description: string;
  /** Grafana unit id, e.g. "bytes", "percentunit", "reqps", "s", "short". */
  readonly unit: string;
  readonly queries: readonly PanelQuery[];
  /** A single current value (stat) instead of a graph. @default false */
  readonly stat?: boolean;
}

export interface DashboardSpec {
  /** Component key, part of the uid and of the ConfigMap name, e.g. "postgres". */
  readonly component: string;
  readonly title: string;
  readonly description: string;
  readonly rows: ReadonlyArray<{ readonly title: string; readonly panels: readonly PanelSpec[] }>;
}

const DATASOURCE = { type: 'prometheus', uid: '${datasource}' };
/** Grafana caps dashboard uids at 40 characters. */
const UID_MAX = 40;

/**
 * Stable dashboard uid: the component plus a hash of platform, environment and component, so
 * links survive renames of titles and the environments of one platform never collide in a
 * shared Grafana.
 */
export function dashboardUid(ctx: ComponentContext, component: string): string {
  const hash = createHash('sha256').update(`${ctx.platform}/${ctx.environment}/${component}`).digest('hex');
  return `${component.slice(0, 20)}-${hash}`.slice(0, UID_MAX);
}

function panel(p: PanelSpec, id: number) {
  const targets = p.queries.map((q, i) => new DataqueryBuilder().expr(q.expr).legendFormat(q.legend).refId(String.fromCharCode(65 + i)));
  if (p.stat) {
    const s = new StatPanel().id(id).title(p.title).description(p.description).unit(p.unit).datasource(DATASOURCE).height(4).span(6)
      .reduceOptions(new ReduceDataOptionsBuilder().calcs(['lastNotNull']).values(false));
    targets.forEach((t) => s.withTarget(t));
    return s;
  }
  const t = new TimeseriesPanel().id(id).title(p.title).description(p.description).unit(p.unit).datasource(DATASOURCE).height(8).span(12)
    .legend(new VizLegendOptionsBuilder().showLegend(true).displayMode(LegendDisplayMode.List).placement(LegendPlacement.Bottom).calcs([]))
    .tooltip(new VizTooltipOptionsBuilder().mode(TooltipDisplayMode.Multi).sort(SortOrder.Descending));
  targets.forEach((q) => t.withTarget(q));
  return t;
}

/** The dashboard's Grafana JSON, built with the Grafana Foundation SDK; deterministic for a given spec. */
export function dashboardJson(ctx: ComponentContext, d: DashboardSpec): string {
  const b = new DashboardBuilder(`${d.title} · ${ctx.platform} ${ctx.environment}`)
    .uid(dashboardUid(ctx, d.component))
    .description(d.description)
    .tags([ctx.platform, ctx.environment, d.component, MANAGED_BY])
    .time({ from: 'now-6h', to: 'now' })
    .refresh('1m')
    .timezone('browser')
    .withVariable(new DatasourceVariableBuilder('datasource').label('Data source').type('prometheus'));
  let id = 1;
  for (const row of d.rows) {
    b.withRow(new RowBuilder(row.title).id(id++));
    for (const p of row.panels) b.withPanel(panel(p, id++));
  }
  return `${JSON.stringify(b.build(), null, 2)}\n`;
}

/**
 * The dashboard as a ConfigMap for the Grafana dashboard sidecar, one dashboard per ConfigMap, in
 * the platform namespace unless `monitoring.dashboardNamespace` names another.
 * The sidecar writes every selected ConfigMap's keys into one folder, so the key carries
 * platform, environment and component to stay unique across the cluster.
 */
export function dashboardConfigMap(scope: Construct, ctx: ComponentContext, d: DashboardSpec, labels: Record<string, string>): k8s.KubeConfigMap | undefined {
  const settings = monitoringSettings(ctx);
  if (!settings.dashboards) return undefined;
  const key = `${ctx.platform}-${ctx.environment}-${d.component}`;
  const shared = settings.dashboardNamespace !== ctx.namespace;
  return new k8s.KubeConfigMap(scope, `Dashboard-${d.component}`, {
    metadata: {
      // in a namespace other platforms share, the name carries platform and environment too
      name: shared ? `${key}-dashboard` : `${d.component}-dashboard`,
      ...(shared ? { namespace: settings.dashboardNamespace } : {}),
      labels: { ...labels, 'app.kubernetes.io/managed-by': MANAGED_BY, ...settings.dashboardLabels },
      annotations: syncWave(SyncWave.MONITORING),
    },
    data: { [`${key}.json`]: dashboardJson(ctx, d) },
  });
}

/**
 * The resource panels every component dashboard ends with, for the pods `pods` selects (label
 * matchers such as `namespace="shop",pod=~"db-[0-9]+"`): CPU and memory from cAdvisor, restarts
 * from kube-state-metrics, and the fill of the volumes `volumes` selects, if any.
 */
export function resourcePanels(pods: string, volumes?: string): PanelSpec[] {
  const containers = `${pods},container!="",container!="POD"`;
  const panels: PanelSpec[] = [
    {
      title: 'CPU per pod',
      description: 'CPU cores used, all containers of the pod.',
      unit: 'short',
      queries: [{ expr: `sum by (pod) (rate(container_cpu_usage_seconds_total{${containers}}[$__rate_interval]))`, legend: '{{pod}}' }],
    },
    {
      title: 'Memory per pod',
      description: 'Working set (what the OOM killer counts), all containers of the pod.',
      unit: 'bytes',
      queries: [{ expr: `sum by (pod) (container_memory_working_set_bytes{${containers}})`, legend: '{{pod}}' }],
    },
    {
      title: 'Container restarts (1 h)',
      description: 'Restarts in the last hour; a steady climb is a crash loop.',
      unit: 'short',
      queries: [{ expr: `sum by (pod, container) (increase(kube_pod_container_status_restarts_total{${pods}}[1h]))`, legend: '{{pod}}/{{container}}' }],
    },
  ];
  if (volumes) {
    panels.push({
      title: 'Volume used',
      description: 'Used share of each PersistentVolumeClaim.',
      unit: 'percentunit',
      queries: [{ expr: `max by (persistentvolumeclaim) (kubelet_volume_stats_used_bytes{${volumes}}) / max by (persistentvolumeclaim) (kubelet_volume_stats_capacity_bytes{${volumes}})`, legend: '{{persistentvolumeclaim}}' }],
    });
  }
  return panels;
}
