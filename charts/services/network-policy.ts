import { k8s } from '../lib/k8s';
import { Construct } from 'constructs';
import { ComponentContext, monitoringSettings } from '../lib/context';
import { AppPort, appPorts } from './ports';
import { ServiceCallers } from './callers';
import { ingressGateway, serviceSelector } from './names';

/**
 * Ingress allow-list of one service on top of the namespace's default-deny: the declared
 * calling services on every port, the ingress gateway pods on the routed ports, Prometheus on
 * the metrics port. A service nobody calls accepts nothing.
 */
export function serviceNetworkPolicy(scope: Construct, id: string, ctx: ComponentContext, props: {
  name: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  callers: ServiceCallers;
}): k8s.KubeNetworkPolicy {
  const svc = ctx.spec.services![props.name];
  const rules: k8s.NetworkPolicyIngressRule[] = [];
  const { callers } = props;
  if (callers.services.length) {
    rules.push({
      from: callers.services.map((caller) => ({ podSelector: { matchLabels: serviceSelector(caller) } })),
      ports: tcpPorts(appPorts(svc)),
    });
  }
  if (callers.edgePorts.length) {
    const gateway = ingressGateway(ctx.spec.edge!);
    rules.push({
      from: [{
        namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': gateway.namespace } },
        podSelector: { matchLabels: gateway.selector },
      }],
      ports: tcpPorts(callers.edgePorts),
    });
  }
  if (callers.metrics) {
    rules.push({
      from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': monitoringSettings(ctx).prometheusNamespace } } }],
      ports: tcpPorts([callers.metrics.port]),
    });
  }
  return new k8s.KubeNetworkPolicy(scope, id, {
    metadata: { name: props.name, labels: props.labels, annotations: props.annotations },
    spec: { podSelector: { matchLabels: serviceSelector(props.name) }, policyTypes: ['Ingress'], ingress: rules },
  });
}

function tcpPorts(ports: readonly AppPort[]): k8s.NetworkPolicyPort[] {
  return ports.map((p) => ({ protocol: 'TCP', port: k8s.IntOrString.fromNumber(p.port) }));
}
