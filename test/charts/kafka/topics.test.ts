import { topicResourceName } from '../../../charts/kafka/names';
import { find } from '../../helpers';
import { kafkaObjects, ofKind, spec, withKafka } from './fixtures';

describe('KafkaTopics', () => {
  const topics = ofKind(kafkaObjects(spec()), 'KafkaTopic');

  test('one per declared topic, named by a DNS-1123 label, with the real name in spec.topicName', () => {
    expect(topics.map((t) => [t.metadata.name, t.spec.topicName])).toEqual([
      ['audit-log', 'audit-log'],
      [topicResourceName('billing.invoiced_v1'), 'billing.invoiced_v1'],
      [topicResourceName('orders.created'), 'orders.created'],
    ]);
    for (const t of topics) expect(t.metadata.name).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
  });

  test('partitions, replicas (default min(3, brokers)) and config', () => {
    const orders = topics.find((t) => t.spec.topicName === 'orders.created')!;
    expect(orders.spec).toEqual({
      topicName: 'orders.created',
      partitions: 6,
      replicas: 3,
      config: { 'compression.type': 'lz4', 'retention.ms': 604800000 },
    });
    const audit = find(topics, 'KafkaTopic', 'audit-log');
    expect(audit.spec.config).toBeUndefined();
    const two = find(kafkaObjects(withKafka({ brokers: 2, topics: { 'billing.invoiced_v1': { replicas: 2 } } })), 'KafkaTopic', 'audit-log');
    expect(two.spec.replicas).toBe(2);
  });

  test('belong to the cluster and are protected from pruning and deletion', () => {
    for (const t of topics) {
      expect(t.apiVersion).toBe('kafka.strimzi.io/v1');
      expect(t.metadata.labels['strimzi.io/cluster']).toBe('events');
      expect(t.metadata.annotations['argocd.argoproj.io/sync-options']).toBe('Prune=false,Delete=false');
    }
  });
});
