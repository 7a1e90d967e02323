import { Construct } from 'constructs';
import {
  PodMonitor, PodMonitorSpecPodMetricsEndpoints,
} from '../../imports/podmonitor-monitoring.coreos.com';
import { PrometheusRule, PrometheusRuleSpecGroupsRulesExpr } from '../../imports/prometheusrule-monitoring.coreos.com';
import { ComponentContext, monitoringSettings } from './context';
import { syncWave, SyncWave } from './gitops';
import { runbookUrl } from './runbooks';

/** One alert, written once per component; runbook and severity conventions are applied here. */
export interface AlertRule {
  readonly alert: string;
  readonly expr: string;
  /** Prometheus duration. @default fire at once */
  readonly for?: string;
  readonly severity: 'warning' | 'critical';
  readonly summary: string;
  readonly description: string;
}

export interface AlertGroup {
  readonly name: string;
  readonly rules: readonly AlertRule[];
}

export function podMonitor(scope: Construct, id: string, ctx: ComponentContext, props: {
  name: string;
  labels: Record<string, string>;
  selector: Record<string, string>;
  /** Named container ports to scrape. */
  ports: string[];
  /** @default "/metrics" */
  path?: string;
  /** @default "30s" */
  interval?: string;
  /** Namespace of the pods. @default the platform namespace */
  namespace?: string;
}): PodMonitor {
  const settings = monitoringSettings(ctx);
  const endpoints: PodMonitorSpecPodMetricsEndpoints[] = props.ports.map((port) => ({
    port, path: props.path ?? '/metrics', interval: props.interval ?? '30s',
  }));
  return new PodMonitor(scope, id, {
    metadata: { name: props.name, labels: { ...props.labels, ...settings.selectorLabels }, annotations: syncWave(SyncWave.MONITORING) },
    spec: {
      selector: { matchLabels: props.selector },
      namespaceSelector: { matchNames: [props.namespace ?? ctx.namespace] },
      podMetricsEndpoints: endpoints,
    },
  });
}

export function prometheusRule(scope: Construct, id: string, ctx: ComponentContext, props: {
  name: string;
  labels: Record<string, string>;
  groups: readonly AlertGroup[];
}): PrometheusRule {
  const settings = monitoringSettings(ctx);
  return new PrometheusRule(scope, id, {
    metadata: { name: props.name, labels: { ...props.labels, ...settings.selectorLabels }, annotations: syncWave(SyncWave.MONITORING) },
    spec: {
      groups: props.groups.map((g) => ({
        name: g.name,
        rules: g.rules.map((r) => ({
          alert: r.alert,
          expr: PrometheusRuleSpecGroupsRulesExpr.fromString(r.expr),
          ...(r.for ? { for: r.for } : {}),
          labels: { severity: r.severity },
          annotations: {
            summary: r.summary,
            description: r.description,
            runbook_url: runbookUrl(ctx.spec, r.alert),
          },
        })),
      })),
    },
  });
}
