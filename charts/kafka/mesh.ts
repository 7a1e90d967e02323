import { Construct } from 'constructs';
import { DestinationRule, DestinationRuleSpecTrafficPolicyTlsMode } from '../../imports/istio-networking.istio.io';
import { ComponentContext } from '../lib/context';
import { KafkaSettings } from './settings';

/**
 * Client sidecars must hand Kafka's own TLS through untouched: the brokers have no sidecar, and a
 * mesh-wide DestinationRule asking for ISTIO_MUTUAL would otherwise wrap the connection in a TLS
 * layer nobody terminates. Covers the bootstrap Service and the headless per-broker Service.
 */
export function kafkaDestinationRules(scope: Construct, ctx: ComponentContext, props: { settings: KafkaSettings; labels: Record<string, string> }): DestinationRule[] {
  return ['bootstrap', 'brokers'].map((svc) => {
    const name = `${props.settings.name}-kafka-${svc}`;
    return new DestinationRule(scope, svc === 'bootstrap' ? 'BootstrapDestinationRule' : 'BrokersDestinationRule', {
      metadata: { name, labels: props.labels },
      spec: {
        host: `${name}.${ctx.namespace}.svc.cluster.local`,
        trafficPolicy: { tls: { mode: DestinationRuleSpecTrafficPolicyTlsMode.DISABLE } },
      },
    });
  });
}
