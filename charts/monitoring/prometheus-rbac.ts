import { k8s } from '../lib/k8s';
import { Construct } from 'constructs';
import { ComponentContext, monitoringSettings } from '../lib/context';
import { syncWave, SyncWave } from '../lib/gitops';

export const PROMETHEUS_ROLE_NAME = 'prometheus-discovery';

/**
 * Lets the Prometheus ServiceAccount discover and scrape this namespace: kube-prometheus and
 * any Prometheus without a cluster-wide role find no PodMonitor target in a namespace where it
 * cannot list pods. Read-only, limited to what service discovery reads.
 */
export function prometheusRbac(scope: Construct, ctx: ComponentContext, labels: Record<string, string>): void {
  const settings = monitoringSettings(ctx);
  const metadata = { name: PROMETHEUS_ROLE_NAME, labels, annotations: syncWave(SyncWave.MONITORING) };
  new k8s.KubeRole(scope, 'PrometheusRole', {
    metadata,
    rules: [
      { apiGroups: [''], resources: ['pods', 'services', 'endpoints'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: ['get', 'list', 'watch'] },
    ],
  });
  new k8s.KubeRoleBinding(scope, 'PrometheusRoleBinding', {
    metadata,
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: PROMETHEUS_ROLE_NAME },
    subjects: [{ kind: 'ServiceAccount', name: settings.prometheusServiceAccount, namespace: settings.prometheusNamespace }],
  });
}
