import { k8s } from '../lib/k8s';
import { Construct } from 'constructs';
import { ComponentContext, monitoringSettings } from '../lib/context';
import { syncWave, SyncWave } from '../lib/gitops';
import { podMonitor } from '../lib/monitoring';

/** Label Istio puts on every pod with an injected sidecar. */
export const SIDECAR_SELECTOR = { 'security.istio.io/tlsMode': 'istio' };
/** Envoy's own Prometheus endpoint on the sidecar; Istio never redirects it, so plain text works under STRICT mTLS. */
export const ENVOY_METRICS_PORT = 15090;
export const ENVOY_METRICS_PORT_NAME = 'http-envoy-prom';
export const ENVOY_METRICS_PATH = '/stats/prometheus';
export const SIDECAR_METRICS_NAME = 'istio-sidecars';

/**
 * Scrapes the Istio sidecars of the namespace, the source of istio_requests_total and the
 * request duration histogram behind the service alerts, and opens their metrics port to
 * Prometheus through the namespace's default-deny.
 */
export function sidecarMetrics(scope: Construct, ctx: ComponentContext, labels: Record<string, string>): void {
  podMonitor(scope, 'SidecarMonitor', ctx, {
    name: SIDECAR_METRICS_NAME,
    labels,
    selector: SIDECAR_SELECTOR,
    ports: [ENVOY_METRICS_PORT_NAME],
    path: ENVOY_METRICS_PATH,
  });
  new k8s.KubeNetworkPolicy(scope, 'SidecarScrape', {
    metadata: { name: SIDECAR_METRICS_NAME, labels, annotations: syncWave(SyncWave.MONITORING) },
    spec: {
      podSelector: { matchLabels: SIDECAR_SELECTOR },
      policyTypes: ['Ingress'],
      ingress: [{
        from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': monitoringSettings(ctx).prometheusNamespace } } }],
        ports: [{ protocol: 'TCP', port: k8s.IntOrString.fromNumber(ENVOY_METRICS_PORT) }],
      }],
    },
  });
}
