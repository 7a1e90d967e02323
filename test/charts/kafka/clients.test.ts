import { aclsFor, kafkaClients } from '../../../charts/kafka/clients';
import { BASE } from './fixtures';

describe('kafkaClients', () => {
  test('lists services with produces or consumes, sorted, without duplicates', () => {
    const clients = kafkaClients({
      ...BASE,
      services: { ...BASE.services, orders: { ...BASE.services!.orders, produces: ['orders.created', 'orders.created'] } },
    });
    expect(clients.map((c) => c.service)).toEqual(['audit', 'billing', 'orders', 'web']);
    expect(clients.find((c) => c.service === 'orders')!.produces).toEqual(['orders.created']);
  });

  test('the consumer group is the service\'s consumerGroup, else its name', () => {
    const clients = kafkaClients({
      ...BASE,
      services: { ...BASE.services, audit: { ...BASE.services!.audit, consumerGroup: 'audit-group' } },
    });
    expect(clients.find((c) => c.service === 'audit')!.group).toBe('audit-group');
    expect(clients.find((c) => c.service === 'billing')!.group).toBe('billing');
  });
});

describe('aclsFor', () => {
  test('a producer gets Write and Describe on its topics and no group', () => {
    expect(aclsFor({ service: 'orders', produces: ['orders.created'], consumes: [], group: 'orders' })).toEqual([
      { resource: { type: 'topic', name: 'orders.created', patternType: 'literal' }, operations: ['Write', 'Describe'] },
    ]);
  });

  test('a consumer gets Read and Describe on its topics and Read on its consumer group', () => {
    expect(aclsFor({ service: 'audit', produces: [], consumes: ['b', 'a'], group: 'audit-group' })).toEqual([
      { resource: { type: 'topic', name: 'a', patternType: 'literal' }, operations: ['Read', 'Describe'] },
      { resource: { type: 'topic', name: 'b', patternType: 'literal' }, operations: ['Read', 'Describe'] },
      { resource: { type: 'group', name: 'audit-group', patternType: 'literal' }, operations: ['Read'] },
    ]);
  });

  test('a topic both produced and consumed gets one rule with Read, Write and Describe', () => {
    const acls = aclsFor({ service: 'relay', produces: ['t'], consumes: ['t'], group: 'relay' });
    expect(acls[0]).toEqual({ resource: { type: 'topic', name: 't', patternType: 'literal' }, operations: ['Read', 'Write', 'Describe'] });
  });
});
