import { find } from '../../helpers';
import { kafkaObjects, ofKind, spec, withKafka } from './fixtures';

describe('KafkaUsers', () => {
  const objects = kafkaObjects(spec());

  test('one per service that produces or consumes, named after the service', () => {
    expect(ofKind(objects, 'KafkaUser').map((u) => u.metadata.name)).toEqual(['audit', 'billing', 'orders', 'web']);
  });

  test('ACLs derived from produces and consumes, with the consumer group named after the service', () => {
    expect(find(objects, 'KafkaUser', 'billing').spec.authorization).toEqual({
      type: 'simple',
      acls: [
        { resource: { type: 'topic', name: 'billing.invoiced_v1', patternType: 'literal' }, operations: ['Write', 'Describe'] },
        { resource: { type: 'topic', name: 'orders.created', patternType: 'literal' }, operations: ['Read', 'Describe'] },
        { resource: { type: 'group', name: 'billing', patternType: 'literal' }, operations: ['Read'] },
      ],
    });
    expect(find(objects, 'KafkaUser', 'orders').spec.authorization.acls).toEqual([
      { resource: { type: 'topic', name: 'orders.created', patternType: 'literal' }, operations: ['Write', 'Describe'] },
    ]);
  });

  test('the group ACL names the service\'s consumerGroup when it has one', () => {
    const custom = kafkaObjects(spec({ services: { billing: { consumerGroup: 'billing-group' } } }));
    expect(find(custom, 'KafkaUser', 'billing').spec.authorization.acls).toContainEqual(
      { resource: { type: 'group', name: 'billing-group', patternType: 'literal' }, operations: ['Read'] });
    expect(JSON.stringify(find(custom, 'KafkaUser', 'billing').spec.authorization.acls)).not.toContain('"name":"billing"');
  });

  test('authentication matches the listener', () => {
    expect(find(objects, 'KafkaUser', 'orders').spec.authentication).toEqual({ type: 'scram-sha-512' });
    expect(find(kafkaObjects(withKafka({ authentication: 'tls' })), 'KafkaUser', 'orders').spec.authentication).toEqual({ type: 'tls' });
  });

  test('belong to the cluster; prunable (not data-bearing)', () => {
    const u = find(objects, 'KafkaUser', 'audit');
    expect(u.apiVersion).toBe('kafka.strimzi.io/v1');
    expect(u.metadata.labels['strimzi.io/cluster']).toBe('events');
    expect(u.metadata.annotations).toEqual({ 'argocd.argoproj.io/sync-wave': '5' });
  });
});
