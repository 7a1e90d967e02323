import { Construct } from 'constructs';
import { KafkaTopic } from '../../imports/kafkatopic-kafka.strimzi.io';
import { dataBearing, SyncWave } from '../lib/gitops';
import { KafkaSettings } from './settings';

/**
 * One KafkaTopic per declared topic. The resource name is a DNS-1123 name derived from the topic
 * name only, and `spec.topicName` carries the real name. The Topic Operator deletes the Kafka
 * topic with its resource, so ArgoCD may neither prune nor delete these.
 */
export function kafkaTopics(scope: Construct, props: { settings: KafkaSettings; labels: Record<string, string> }): KafkaTopic[] {
  return props.settings.topics.map((t) => new KafkaTopic(scope, `Topic-${t.resourceName}`, {
    metadata: {
      name: t.resourceName,
      labels: { ...props.labels, 'strimzi.io/cluster': props.settings.name },
      annotations: dataBearing(SyncWave.MESSAGING),
    },
    spec: {
      topicName: t.topicName,
      partitions: t.partitions,
      replicas: t.replicas,
      ...(t.config && Object.keys(t.config).length > 0 ? { config: sortedConfig(t.config) } : {}),
    },
  }));
}

function sortedConfig(config: Record<string, string | number>): Record<string, string | number> {
  return Object.fromEntries(Object.keys(config).sort().map((k) => [k, config[k]]));
}
