import { kafkaSettings, nodePodPattern } from '../../../charts/kafka/settings';
import { spec, withKafka } from './fixtures';

const settings = (s = spec()) => kafkaSettings(s, s.kafka!);

describe('kafkaSettings', () => {
  test('defaults: 3 controllers and 3 brokers in dedicated pools, SCRAM, lag threshold 1000', () => {
    const s = settings();
    expect(s).toMatchObject({ name: 'events', brokers: 3, combinedRoles: false, defaultReplicas: 3, minInsyncReplicas: 2, authentication: 'scram-sha-512', maxConsumerLag: 1000 });
    expect(s.pools.map((p) => [p.name, p.replicas])).toEqual([['controller', 3], ['broker', 3]]);
  });

  test('replication defaults: min(3, brokers) replicas, min ISR 2 only from 3 brokers on', () => {
    expect(settings(withKafka({ brokers: 5 }))).toMatchObject({ defaultReplicas: 3, minInsyncReplicas: 2 });
    expect(settings(withKafka({ brokers: 2 }))).toMatchObject({ defaultReplicas: 2, minInsyncReplicas: 1 });
  });

  test('each topic knows the min.insync.replicas it ends up with', () => {
    const s = settings(withKafka({ topics: { 'audit-log': { config: { 'min.insync.replicas': '1' } } } }));
    expect(s.topics.map((t) => [t.topicName, t.replicas, t.minInsyncReplicas])).toEqual([
      ['audit-log', 3, 1],
      ['billing.invoiced_v1', 3, 2],
      ['orders.created', 3, 2],
    ]);
  });

  test('the node pod pattern lists the pools', () => {
    expect(nodePodPattern(settings())).toBe('events-(controller|broker)-[0-9]+');
    expect(nodePodPattern(settings(withKafka({ combinedRoles: true })))).toBe('events-(dual-role)-[0-9]+');
  });
});
