import { Construct } from 'constructs';
import {
  Kafka, KafkaSpecCruiseControl, KafkaSpecCruiseControlMetricsConfigType, KafkaSpecEntityOperator, KafkaSpecKafkaAuthorizationType,
  KafkaSpecKafkaExporter, KafkaSpecKafkaListeners, KafkaSpecKafkaListenersAuthenticationType, KafkaSpecKafkaListenersType,
  KafkaSpecKafkaMetricsConfigType,
} from '../../imports/kafka-kafka.strimzi.io';
import { callersOf, ComponentContext } from '../lib/context';
import { dataBearing, SyncWave } from '../lib/gitops';
import { KAFKA_CLIENT_PORT, kafkaUserSecretPrefix } from '../lib/kafka-access';
import { resources } from '../lib/resources';
import { KafkaSpec } from '../spec';
import { kafkaClients } from './clients';
import { CRUISE_CONTROL_METRICS_KEY, KAFKA_METRICS_KEY } from './metrics-config';
import { strimziContainer, strimziPod } from './pod-template';
import {
  CRUISE_CONTROL_RESOURCES, DEFAULT_KAFKA_VERSION, ENTITY_OPERATOR_RESOURCES, KAFKA_EXPORTER_RESOURCES, KafkaSettings, metadataVersionOf,
} from './settings';

export interface KafkaClusterResourceProps {
  readonly settings: KafkaSettings;
  readonly spec: KafkaSpec;
  /** ConfigMap holding the JMX exporter rules. */
  readonly metricsConfigMap: string;
  /** Labels of the Kafka CR. Strimzi copies them to every pod, Service and PVC it creates. */
  readonly labels: Record<string, string>;
}

/**
 * The `Kafka` resource: one internal TLS listener, simple authorization, the entity operator
 * (topics and users), Kafka Exporter for lag, and Cruise Control on request. Node count and
 * storage live in the KafkaNodePools; version and metadataVersion are always pinned.
 */
export function kafkaResource(scope: Construct, ctx: ComponentContext, props: KafkaClusterResourceProps): Kafka {
  const { settings: s, spec } = props;
  return new Kafka(scope, 'Resource', {
    metadata: { name: s.name, labels: props.labels, annotations: dataBearing(SyncWave.MESSAGING) },
    spec: {
      kafka: {
        version: spec.version ?? DEFAULT_KAFKA_VERSION,
        metadataVersion: metadataVersionOf(spec),
        listeners: [tlsListener(ctx, s)],
        authorization: { type: KafkaSpecKafkaAuthorizationType.SIMPLE },
        config: brokerConfig(s, spec),
        ...(spec.rackTopologyKey ? { rack: { topologyKey: spec.rackTopologyKey } } : {}),
        metricsConfig: {
          type: KafkaSpecKafkaMetricsConfigType.JMX_PROMETHEUS_EXPORTER,
          valueFrom: { configMapKeyRef: { name: props.metricsConfigMap, key: KAFKA_METRICS_KEY } },
        },
        // fallback for pools without a template of their own (pool templates replace this one)
        template: { pod: strimziPod(), kafkaContainer: strimziContainer(), initContainer: strimziContainer() },
      },
      entityOperator: entityOperator(spec),
      kafkaExporter: kafkaExporter(),
      ...(spec.cruiseControl ? { cruiseControl: cruiseControl(props.metricsConfigMap) } : {}),
    },
  });
}

/**
 * The only client listener. Strimzi turns `networkPolicyPeers` into the NetworkPolicy of port
 * 9093: the services that declare they talk to Kafka (or produce/consume), plus the entity
 * operator. Never empty: an empty list would mean "everyone".
 */
function tlsListener(ctx: ComponentContext, s: KafkaSettings): KafkaSpecKafkaListeners {
  const clients = [...new Set([...callersOf(ctx, 'kafka'), ...kafkaClients(ctx.spec).map((c) => c.service)])].sort();
  return {
    name: 'tls',
    port: KAFKA_CLIENT_PORT,
    type: KafkaSpecKafkaListenersType.INTERNAL,
    tls: true,
    authentication: {
      type: s.authentication === 'tls' ? KafkaSpecKafkaListenersAuthenticationType.TLS : KafkaSpecKafkaListenersAuthenticationType.SCRAM_HYPHEN_SHA_HYPHEN_512,
    },
    networkPolicyPeers: [
      ...clients.map((svc) => ({ podSelector: { matchLabels: { 'app.kubernetes.io/instance': svc } } })),
      { podSelector: { matchLabels: { 'strimzi.io/cluster': s.name, 'strimzi.io/name': `${s.name}-entity-operator` } } },
    ],
  };
}

/**
 * Replication defaults sized to the cluster: internal topics and new topics get min(3, brokers)
 * replicas; min.insync.replicas is 2 from three brokers on (one broker may be down while acks=all
 * writes continue), 1 below. Topics are declared as KafkaTopics, so brokers never create them on
 * first use. With rack awareness consumers may fetch from a replica in their own zone.
 */
function brokerConfig(s: KafkaSettings, spec: KafkaSpec): Record<string, string | number | boolean> {
  return {
    'default.replication.factor': s.defaultReplicas,
    'offsets.topic.replication.factor': s.defaultReplicas,
    'transaction.state.log.replication.factor': s.defaultReplicas,
    'transaction.state.log.min.isr': s.minInsyncReplicas,
    'min.insync.replicas': s.minInsyncReplicas,
    'auto.create.topics.enable': false,
    ...(spec.rackTopologyKey ? { 'replica.selector.class': 'org.apache.kafka.common.replica.RackAwareReplicaSelector' } : {}),
  };
}

/**
 * Topic and User Operators. Users' Secrets are prefixed with the cluster name so that the
 * principal stays the service name while the Secret says which cluster it opens.
 */
function entityOperator(spec: KafkaSpec): KafkaSpecEntityOperator {
  return {
    topicOperator: { resources: resources(undefined, ENTITY_OPERATOR_RESOURCES) },
    userOperator: { resources: resources(undefined, ENTITY_OPERATOR_RESOURCES), secretPrefix: kafkaUserSecretPrefix(spec) },
    template: { pod: strimziPod(), topicOperatorContainer: strimziContainer(), userOperatorContainer: strimziContainer() },
  };
}

/** Consumer lag and offsets for every group and every non-internal topic. */
function kafkaExporter(): KafkaSpecKafkaExporter {
  return {
    topicRegex: '.*',
    topicExcludeRegex: '^__.*',
    groupRegex: '.*',
    resources: resources(undefined, KAFKA_EXPORTER_RESOURCES),
    template: { pod: strimziPod(), container: strimziContainer() },
  };
}

function cruiseControl(metricsConfigMap: string): KafkaSpecCruiseControl {
  return {
    resources: resources(undefined, CRUISE_CONTROL_RESOURCES),
    metricsConfig: {
      type: KafkaSpecCruiseControlMetricsConfigType.JMX_PROMETHEUS_EXPORTER,
      valueFrom: { configMapKeyRef: { name: metricsConfigMap, key: CRUISE_CONTROL_METRICS_KEY } },
    },
    template: { pod: strimziPod(), cruiseControlContainer: strimziContainer() },
  };
}
