import { Construct } from 'constructs';
import { DestinationRule, DestinationRuleSpecTrafficPolicyTlsMode } from '../../imports/istio-networking.istio.io';
import { ComponentContext } from './context';

/**
 * DestinationRule for a TCP data service: Istio retries and timeouts are HTTP-only, so TCP
 * services get connection limits and mutual TLS only (outlier detection on TCP ejects on
 * connect errors, which would hide a failover; it is left to the client libraries).
 */
export function tcpDestinationRule(scope: Construct, id: string, ctx: ComponentContext, props: {
  name: string;
  labels: Record<string, string>;
  /** Service host (short name in the namespace). */
  host: string;
  /** @default 1000 */
  maxConnections?: number;
}): DestinationRule {
  return new DestinationRule(scope, id, {
    metadata: { name: props.name, labels: props.labels },
    spec: {
      host: `${props.host}.${ctx.namespace}.svc.cluster.local`,
      trafficPolicy: {
        connectionPool: { tcp: { maxConnections: props.maxConnections ?? ctx.spec.mesh?.traffic?.maxConnections ?? 1000, connectTimeout: '5s' } },
        tls: { mode: DestinationRuleSpecTrafficPolicyTlsMode.ISTIO_UNDERSCORE_MUTUAL },
      },
    },
  });
}
