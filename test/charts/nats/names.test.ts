import { consumerResourceName, isValidJetStreamName, streamResourceName } from '../../../charts/nats/names';

test('stream and consumer names: JetStream-safe and file-safe', () => {
  for (const ok of ['AUDIT', 'ORDERS_V2', 'orders-eu', 'a']) expect(isValidJetStreamName(ok)).toBe(true);
  for (const bad of ['', 'MY STREAM', 'a.b', 'A*', 'A>', 'a/b', 'x'.repeat(201)]) expect(isValidJetStreamName(bad)).toBe(false);
});

test('resource names are lowercase DNS-1123 and depend only on the names', () => {
  expect(streamResourceName('deltran-events', 'AUDIT')).toBe('deltran-events-audit');
  expect(streamResourceName('nats', 'ORDERS_V2_')).toBe('nats-orders-v2');
  expect(consumerResourceName('nats', 'ORDERS', 'billing_worker')).toBe('nats-orders-billing-worker');
});
