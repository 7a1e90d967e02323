import { PlatformSpec } from '../spec';

/** What every component construct receives: its place (platform, environment, namespace) and the resolved spec. */
export interface ComponentContext {
  readonly platform: string;
  readonly environment: string;
  readonly namespace: string;
  /** The whole platform spec after overrides; components read their own slice and relations. */
  readonly spec: PlatformSpec;
}

/** Resolved monitoring settings, shared by every component's monitors and rules. */
export function monitoringSettings(ctx: ComponentContext) {
  const m = ctx.spec.monitoring ?? {};
  return {
    selectorLabels: m.selectorLabels ?? { release: 'kube-prometheus-stack' },
    prometheusNamespace: m.prometheusNamespace ?? 'monitoring',
    prometheusServiceAccount: m.prometheusServiceAccount ?? 'kube-prometheus-stack-prometheus',
    dashboards: m.dashboards ?? true,
    dashboardLabels: m.dashboardLabels ?? { grafana_dashboard: '1' },
    dashboardNamespace: m.dashboardNamespace ?? ctx.namespace,
  };
}

/** True when the Istio sidecar mesh is on for this platform. */
export function meshEnabled(ctx: ComponentContext): boolean {
  return ctx.spec.mesh?.enabled ?? true;
}

/** Names of the application services that declare they talk to `target` (a component key or a service name). */
export function callersOf(ctx: ComponentContext, target: string): string[] {
  return Object.entries(ctx.spec.services ?? {})
    .filter(([, svc]) => (svc.talksTo ?? []).includes(target))
    .map(([name]) => name)
    .sort();
}
