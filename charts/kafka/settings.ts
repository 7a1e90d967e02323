import { KafkaSpec, PlatformSpec, ResourcesSpec, VolumeSpec } from '../spec';
import { kafkaClusterName } from '../lib/kafka-access';
import { topicResourceName } from './names';

/** Defaults and the resolved view of `spec.kafka`, computed once and read by every construct. */

/**
 * Kafka pinned, so an operator upgrade never rolls the brokers onto another Kafka without a
 * change in Git: the newest Kafka of the Strimzi release the CRDs are pinned to (crds/sources.json:
 * 1.2.0, which added 4.3.1; 1.1.0 added 4.3.0 and dropped 4.1). Raise it with the operator.
 */
export const DEFAULT_KAFKA_VERSION = '4.3.1';
/** KRaft metadata version of DEFAULT_KAFKA_VERSION (4.3-IV0 cannot be lowered again once in use). */
export const DEFAULT_METADATA_VERSION = '4.3-IV0';

/** The metadata version: the spec's, the pinned one with the pinned Kafka, else the release of `version` ("4.2" for 4.2.1). */
export function metadataVersionOf(kafka: KafkaSpec): string {
  if (kafka.metadataVersion !== undefined) return kafka.metadataVersion;
  if (kafka.version === undefined || kafka.version === DEFAULT_KAFKA_VERSION) return DEFAULT_METADATA_VERSION;
  return kafka.version.split('.').slice(0, 2).join('.');
}

export const DEFAULT_BROKERS = 3;
export const DEFAULT_CONTROLLERS = 3;
export const DEFAULT_MAX_CONSUMER_LAG = 1000;
export const DEFAULT_CONTROLLER_VOLUME_SIZE = '10Gi';
export const BROKER_RESOURCES = { cpu: '500m', memory: '2Gi' };
export const CONTROLLER_RESOURCES = { cpu: '250m', memory: '1Gi' };
/** Topic Operator and User Operator, each a JVM in the entity operator pod. */
export const ENTITY_OPERATOR_RESOURCES = { cpu: '100m', memory: '512Mi' };
export const KAFKA_EXPORTER_RESOURCES = { cpu: '100m', memory: '128Mi' };
export const CRUISE_CONTROL_RESOURCES = { cpu: '250m', memory: '1Gi' };

/** Node pool names; pods are `<cluster>-<pool>-<node id>`, volumes `data-0-<cluster>-<pool>-<node id>`. */
export const POOL_NAMES = { controller: 'controller', broker: 'broker', dualRole: 'dual-role' } as const;

export type NodeRole = 'controller' | 'broker';

export interface NodePoolPlan {
  readonly name: string;
  readonly roles: readonly NodeRole[];
  readonly replicas: number;
  readonly volume: VolumeSpec;
  readonly resources?: ResourcesSpec;
  readonly resourceDefaults: { cpu: string; memory: string };
}

export interface TopicPlan {
  /** The Kafka topic name. */
  readonly topicName: string;
  /** KafkaTopic metadata.name. */
  readonly resourceName: string;
  readonly partitions: number;
  readonly replicas: number;
  readonly config?: Record<string, string | number>;
  /** min.insync.replicas the topic ends up with: its own setting or the broker default. */
  readonly minInsyncReplicas: number;
}

export interface KafkaSettings {
  readonly name: string;
  /** Nodes with the broker role. */
  readonly brokers: number;
  readonly combinedRoles: boolean;
  readonly pools: readonly NodePoolPlan[];
  /** min(3, brokers): default topic replicas and the internal topics' replication factor. */
  readonly defaultReplicas: number;
  /** Broker-wide min.insync.replicas: 2 with three or more brokers, else 1. */
  readonly minInsyncReplicas: number;
  readonly authentication: 'scram-sha-512' | 'tls';
  readonly topics: readonly TopicPlan[];
  readonly maxConsumerLag: number;
  /** Namespace of the Strimzi Cluster Operator. */
  readonly operatorNamespace: string;
}

/** Where the Strimzi Cluster Operator runs unless `kafka.operatorNamespace` says otherwise. */
export const DEFAULT_OPERATOR_NAMESPACE = 'strimzi';

export function kafkaSettings(spec: PlatformSpec, kafka: KafkaSpec): KafkaSettings {
  const brokers = kafka.brokers ?? DEFAULT_BROKERS;
  const combinedRoles = kafka.combinedRoles ?? false;
  const defaultReplicas = Math.min(3, brokers);
  const minInsyncReplicas = brokers >= 3 ? 2 : 1;
  const brokerVolume: VolumeSpec = { ...kafka.storage, storageClass: kafka.storage.storageClass ?? spec.common?.storageClass };
  const pools: NodePoolPlan[] = combinedRoles
    ? [{ name: POOL_NAMES.dualRole, roles: ['controller', 'broker'], replicas: brokers, volume: brokerVolume, resources: kafka.resources, resourceDefaults: BROKER_RESOURCES }]
    : [
      {
        name: POOL_NAMES.controller,
        roles: ['controller'],
        replicas: kafka.controllers ?? DEFAULT_CONTROLLERS,
        volume: {
          size: kafka.controllerStorage?.size ?? DEFAULT_CONTROLLER_VOLUME_SIZE,
          storageClass: kafka.controllerStorage?.storageClass ?? brokerVolume.storageClass,
        },
        resources: kafka.controllerResources,
        resourceDefaults: CONTROLLER_RESOURCES,
      },
      { name: POOL_NAMES.broker, roles: ['broker'], replicas: brokers, volume: brokerVolume, resources: kafka.resources, resourceDefaults: BROKER_RESOURCES },
    ];
  const topics = Object.keys(kafka.topics ?? {}).sort().map((topicName): TopicPlan => {
    const t = kafka.topics![topicName];
    const ownMinIsr = t.config?.['min.insync.replicas'];
    return {
      topicName,
      resourceName: topicResourceName(topicName),
      partitions: t.partitions,
      replicas: t.replicas ?? defaultReplicas,
      config: t.config,
      minInsyncReplicas: ownMinIsr === undefined ? minInsyncReplicas : Number(ownMinIsr),
    };
  });
  return {
    name: kafkaClusterName(kafka),
    brokers,
    combinedRoles,
    pools,
    defaultReplicas,
    minInsyncReplicas,
    authentication: kafka.authentication ?? 'scram-sha-512',
    topics,
    maxConsumerLag: kafka.maxConsumerLag ?? DEFAULT_MAX_CONSUMER_LAG,
    operatorNamespace: kafka.operatorNamespace ?? DEFAULT_OPERATOR_NAMESPACE,
  };
}

/** Regex (PromQL/RE2) matching the pod names of every Kafka node of the cluster. */
export function nodePodPattern(s: KafkaSettings): string {
  return `${s.name}-(${s.pools.map((p) => p.name).join('|')})-[0-9]+`;
}
