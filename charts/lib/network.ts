import { k8s } from './k8s';
import { Construct } from 'constructs';
import { callersOf, ComponentContext, monitoringSettings } from './context';

/**
 * Ingress allow-list for one workload, on top of the namespace's default-deny: its own peers,
 * the application services that declare they talk to it (spec `talksTo`), any extra peers the
 * component names (e.g. PgBouncer for Postgres) and Prometheus on the metrics ports.
 * Egress stays open: Patroni and operators must reach the API server, whose address is
 * cluster-specific and cannot be written portably as a NetworkPolicy peer.
 */
export function allowIngress(scope: Construct, id: string, ctx: ComponentContext, props: {
  name: string;
  labels: Record<string, string>;
  podSelector: Record<string, string>;
  /** Ports peers and clients use. */
  ports: number[];
  /** Ports Prometheus scrapes. @default none */
  metricsPorts?: number[];
  /** Component key callers name in `talksTo`, e.g. "postgres". */
  calledAs: string;
  /** More allowed client pods (label selectors in the same namespace). @default none */
  extraClients?: Record<string, string>[];
}): k8s.KubeNetworkPolicy {
  const clients: k8s.NetworkPolicyPeer[] = [
    { podSelector: { matchLabels: props.podSelector } },
    ...callersOf(ctx, props.calledAs).map((svc) => ({ podSelector: { matchLabels: { 'app.kubernetes.io/instance': svc } } })),
    ...(props.extraClients ?? []).map((matchLabels) => ({ podSelector: { matchLabels } })),
  ];
  const rules: k8s.NetworkPolicyIngressRule[] = [
    { from: clients, ports: props.ports.map((port) => ({ protocol: 'TCP', port: k8s.IntOrString.fromNumber(port) })) },
  ];
  if (props.metricsPorts?.length) {
    rules.push({
      from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': monitoringSettings(ctx).prometheusNamespace } } }],
      ports: props.metricsPorts.map((port) => ({ protocol: 'TCP', port: k8s.IntOrString.fromNumber(port) })),
    });
  }
  return new k8s.KubeNetworkPolicy(scope, id, {
    metadata: { name: props.name, labels: props.labels },
    spec: { podSelector: { matchLabels: props.podSelector }, policyTypes: ['Ingress'], ingress: rules },
  });
}
