import { k8s } from '../lib/k8s';
import { Construct } from 'constructs';
import { allowIngress } from '../lib/network';
import { ComponentContext } from '../lib/context';
import { PORTS } from './layout';
import { NatsSettings } from './settings';

export const DEFAULT_NACK_NAMESPACE = 'nack';

/**
 * Ingress on top of the namespace's default-deny. Clients (the servers themselves, services that
 * talk to "nats", the stream Job) reach 4222, Prometheus the metrics and monitoring ports; a
 * second policy lets only the servers reach the route port 6222, and the NACK controller, which
 * runs in its own namespace, the client port.
 */
export function natsNetworkPolicies(scope: Construct, ctx: ComponentContext, s: NatsSettings, props: {
  labels: Record<string, string>;
  selector: Record<string, string>;
  jobSelector: Record<string, string>;
}): void {
  allowIngress(scope, 'AllowClients', ctx, {
    name: s.name,
    labels: props.labels,
    podSelector: props.selector,
    ports: [PORTS.client],
    metricsPorts: [PORTS.metrics, PORTS.monitor],
    calledAs: 'nats',
    extraClients: s.streamManagement === 'job' ? [props.jobSelector] : [],
  });
  const tcp = (port: number): k8s.NetworkPolicyPort => ({ protocol: 'TCP', port: k8s.IntOrString.fromNumber(port) });
  const ingress: k8s.NetworkPolicyIngressRule[] = [
    { from: [{ podSelector: { matchLabels: props.selector } }], ports: [tcp(PORTS.cluster)] },
  ];
  if (s.streamManagement === 'nack' && Object.keys(s.spec.streams ?? {}).length > 0) {
    const nackNamespace = s.spec.nackNamespace ?? DEFAULT_NACK_NAMESPACE;
    ingress.push({ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': nackNamespace } } }], ports: [tcp(PORTS.client)] });
  }
  new k8s.KubeNetworkPolicy(scope, 'AllowPeers', {
    metadata: { name: `${s.name}-peers`, labels: props.labels },
    spec: { podSelector: { matchLabels: props.selector }, policyTypes: ['Ingress'], ingress },
  });
}
