import { Construct } from 'constructs';
import { ComponentContext, meshEnabled } from '../lib/context';
import { MANAGED_BY } from '../lib/labels';
import { dashboardConfigMap } from '../lib/dashboards';
import { AlertGroup, prometheusRule } from '../lib/monitoring';
import { overviewDashboard } from './overview-dashboard';
import { prometheusRbac } from './prometheus-rbac';
import { serviceAlertGroup } from './service-alerts';
import { servicesDashboard } from './services-dashboard';
import { sidecarMetrics } from './sidecar-metrics';
import { resolveThresholds } from './thresholds';
import { workloadAlertGroup } from './workload-alerts';

export const PLATFORM_ALERTS_NAME = 'platform-alerts';

/**
 * Platform-wide monitoring: the service-level alerts (request errors and latency, from the
 * Istio sidecars; only with the mesh on and services declared, since nothing else produces those
 * metrics) and the resource alerts for every workload in the namespace, plus the scrape of the
 * sidecars that feeds the request alerts, and the Role that lets Prometheus discover the
 * namespace's pods. Component-specific alerts live with each component.
 */
export class PlatformMonitoring extends Construct {
  constructor(scope: Construct, id: string, ctx: ComponentContext) {
    super(scope, id);
    const labels = { 'app.kubernetes.io/name': 'platform-monitoring', 'app.kubernetes.io/component': 'monitoring', 'app.kubernetes.io/managed-by': MANAGED_BY };
    const thresholds = resolveThresholds(ctx.spec);
    const requestMetrics = meshEnabled(ctx) && Object.keys(ctx.spec.services ?? {}).length > 0;

    const groups: AlertGroup[] = [
      ...(requestMetrics ? [serviceAlertGroup(ctx.namespace, thresholds)] : []),
      workloadAlertGroup(ctx.namespace, thresholds),
    ];
    prometheusRule(this, 'Resource', ctx, { name: PLATFORM_ALERTS_NAME, labels, groups });

    if (meshEnabled(ctx) && (ctx.spec.monitoring?.sidecarMetrics ?? true)) sidecarMetrics(this, ctx, labels);
    prometheusRbac(this, ctx, labels);

    if (requestMetrics) dashboardConfigMap(this, ctx, servicesDashboard(ctx.namespace, Object.keys(ctx.spec.services ?? {}).sort(), thresholds), labels);
    dashboardConfigMap(this, ctx, overviewDashboard(ctx.namespace, ctx.spec, requestMetrics), labels);
  }
}
