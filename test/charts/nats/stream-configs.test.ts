import { consumerConfigs, streamConfigs } from '../../../charts/nats';
import { resolveSpec } from '../../../charts/platform';
import { PLATFORMS } from '../../../platforms';

const deltran = (env: string) => resolveSpec(PLATFORMS.find((p) => p.name === 'deltran-mvp')!, env).nats!;

describe('streamConfigs: the JetStream API format', () => {
  test('deltran-mvp prod: eight streams, sorted, durations in ns and sizes in bytes', () => {
    const configs = streamConfigs(deltran('prod'));
    expect(configs.map((c) => c.name)).toEqual(['AUDIT', 'CLEARING', 'COMPLIANCE', 'NOTIFICATIONS', 'REPORTING', 'RISK', 'SETTLEMENT', 'TRANSACTIONS']);
    expect(configs[0]).toEqual({
      name: 'AUDIT',
      subjects: ['events.audit.*'],
      retention: 'limits',
      max_consumers: -1,
      max_msgs: -1,
      max_bytes: 50 * 1024 ** 3,
      max_age: 180 * 24 * 3600 * 1e9,
      max_msgs_per_subject: -1,
      max_msg_size: -1,
      storage: 'file',
      discard: 'old',
      num_replicas: 3,
      duplicate_window: 120e9,
    });
    const byName = Object.fromEntries(configs.map((c) => [c.name, c]));
    expect(byName.TRANSACTIONS.max_age).toBe(7 * 24 * 3600 * 1e9);
    expect(byName.TRANSACTIONS.max_bytes).toBe(1024 ** 3);
    expect(byName.REPORTING.max_bytes).toBe(10 * 1024 ** 3);
    expect(byName.NOTIFICATIONS.max_bytes).toBe(2 * 1024 ** 3);
  });

  test('the 180-day max_age is exact in JSON', () => {
    expect(JSON.stringify(streamConfigs(deltran('prod'))[0])).toContain('"max_age":15552000000000000');
  });

  test('replicas default to min(3, servers): 1 in dev', () => {
    expect(new Set(streamConfigs(deltran('dev')).map((c) => c.num_replicas))).toEqual(new Set([1]));
  });

  test('unset limits are unlimited; explicit values pass through', () => {
    const [c] = streamConfigs({ storage: { size: '1Gi' }, servers: 5, streams: { S: { subjects: ['s.>'], retention: 'workqueue', storage: 'memory', discard: 'new', replicas: 5, duplicateWindow: '30s' } } });
    expect(c).toMatchObject({ max_bytes: -1, max_age: 0, retention: 'workqueue', storage: 'memory', discard: 'new', num_replicas: 5, duplicate_window: 30e9 });
  });

  test('consumers: durable pull consumers with explicit acks and a 30s ack wait by default', () => {
    const spec = { storage: { size: '1Gi' }, streams: { ORDERS: { subjects: ['orders.>'], consumers: { billing: { filterSubject: 'orders.paid' }, audit: { ackPolicy: 'none' as const, ackWait: '1m' } } } } };
    expect(consumerConfigs(spec)).toEqual([
      { stream: 'ORDERS', config: { durable_name: 'audit', deliver_policy: 'all', ack_policy: 'none', ack_wait: 60e9, max_deliver: -1, max_ack_pending: 1000, replay_policy: 'instant' } },
      { stream: 'ORDERS', config: { durable_name: 'billing', deliver_policy: 'all', ack_policy: 'explicit', ack_wait: 30e9, max_deliver: -1, max_ack_pending: 1000, replay_policy: 'instant', filter_subject: 'orders.paid' } },
    ]);
  });
});
