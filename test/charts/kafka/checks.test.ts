import { SpecError } from '../../../charts/lib/errors';
import { PlatformSpec } from '../../../charts/spec';
import { synthSpec } from '../../helpers';
import { spec, withKafka } from './fixtures';

function problems(s: PlatformSpec): string[] {
  try {
    synthSpec(s);
  } catch (e) {
    // the lines users see: "<path>: received <value>; expected <what>. Fix: <how>"
    if (e instanceof SpecError) return e.message.split('\n').slice(1).map((line) => line.trim());
    throw e;
  }
  return [];
}

describe('kafka spec checks', () => {
  test('the fixture is valid', () => {
    expect(problems(spec())).toEqual([]);
  });

  test('consumerGroup: a plain name, for a consumer, joined by one service only', () => {
    expect(problems(spec({ services: { audit: { consumerGroup: 'audit-group' } } }))).toEqual([]);
    expect(problems(spec({ services: { audit: { consumerGroup: 'a group' } } }))).toEqual([expect.stringMatching(
      /^platforms\/test\[test\]\.services\.audit\.consumerGroup: received "a group"; expected a consumer group id/)]);
    expect(problems(spec({ services: { orders: { consumerGroup: 'orders-group' } } }))).toEqual([expect.stringMatching(
      /services\.orders\.consumerGroup: received "orders-group"; expected a service that consumes topics.*Fix: add the topics it reads to consumes, or remove consumerGroup/)]);
    expect(problems(spec({ services: { web: { consumerGroup: 'audit' } } }))).toEqual([expect.stringMatching(
      /services\.web\.consumerGroup: received "audit"; expected a group no other service joins \("audit" joins it too.*Fix: give "web" a consumerGroup of its own/)]);
  });

  test('topic replicas above the broker count', () => {
    const p = problems(withKafka({ brokers: 2, topics: { 'billing.invoiced_v1': { config: { 'min.insync.replicas': 1 } } } }));
    expect(p).toEqual([expect.stringMatching(
      /^platforms\/test\[test\]\.kafka\.topics\["billing\.invoiced_v1"\]\.replicas: received 3; expected at most the number of brokers \(2\).*Fix: set replicas to 2/)]);
  });

  test('min.insync.replicas above the topic replicas, set on the topic', () => {
    const p = problems(withKafka({ topics: { 'audit-log': { replicas: 2, config: { 'min.insync.replicas': 3 } } } }));
    expect(p).toEqual([expect.stringMatching(
      /kafka\.topics\["audit-log"\]\.config\["min\.insync\.replicas"\]: received 3; expected min\.insync\.replicas 3 at most replicas \(2\).*NotEnoughReplicas.*Fix: raise replicas to 3 or set config\["min\.insync\.replicas"\] to 2/)]);
  });

  test('min.insync.replicas above the topic replicas, inherited from the broker default', () => {
    const p = problems(withKafka({ topics: { 'audit-log': { replicas: 1 } } }));
    expect(p).toEqual([expect.stringMatching(/kafka\.topics\["audit-log"\]\.replicas: received 1; expected min\.insync\.replicas 2 inherited from the broker default/)]);
  });

  test('partitions below 1 or missing', () => {
    expect(problems(withKafka({ topics: { 'audit-log': { partitions: 0 } } })))
      .toEqual([expect.stringMatching(/kafka\.topics\["audit-log"\]\.partitions: received 0; expected an integer >= 1/)]);
    expect(problems(withKafka({ topics: { extra: { replicas: 1, config: { 'min.insync.replicas': 1 } } as never } })))
      .toEqual([expect.stringMatching(/kafka\.topics\["extra"\]\.partitions: received nothing; expected a partition count/)]);
  });

  test('produces or consumes naming an undeclared topic', () => {
    const p = problems(spec({ services: { audit: { consumes: ['orders.created', 'orders.deleted'] } } }));
    expect(p).toEqual(expect.arrayContaining([expect.stringMatching(
      /^platforms\/test\[test\]\.services\.audit\.consumes\[1\]: received "orders\.deleted"; expected a topic declared under kafka\.topics \("audit-log", "billing\.invoiced_v1", "orders\.created"\)\. Fix: declare "orders\.deleted"/)]));
  });

  test('produces or consumes without any kafka section', () => {
    const p = problems(spec({ kafka: null }));
    expect(p).toEqual(expect.arrayContaining([expect.stringMatching(/services\.orders\.produces: received \["orders\.created"\]; expected Kafka topics of a kafka cluster/)]));
  });

  test('an even or zero controller count without combined roles', () => {
    expect(problems(withKafka({ controllers: 2 }))).toEqual([expect.stringMatching(/kafka\.controllers: received 2; expected an odd number of controllers.*Fix: set controllers to 1 or 3/)]);
    expect(problems(withKafka({ controllers: 0 }))).toEqual([expect.stringMatching(/kafka\.controllers: received 0; expected an odd integer >= 1/)]);
  });

  test('controllers are not checked when roles are combined', () => {
    expect(problems(withKafka({ combinedRoles: true, controllers: 2 }))).toEqual([]);
  });

  test('brokers below 1', () => {
    expect(problems(withKafka({ brokers: 0 }))).toEqual([expect.stringMatching(/kafka\.brokers: received 0; expected an integer >= 1.*Fix: set brokers to 1 or more/)]);
  });

  test('invalid topic names', () => {
    const p = problems(withKafka({ topics: { 'bad topic': { partitions: 1 }, '..': { partitions: 1 }, ['x'.repeat(250)]: { partitions: 1 } } }));
    expect(p).toHaveLength(3);
    for (const line of p) expect(line).toMatch(/expected a Kafka topic name: 1 to 249 characters from \[a-zA-Z0-9\._-\], not "\." or "\.\."/);
  });

  test('topics colliding on "." versus "_"', () => {
    const p = problems(withKafka({ topics: { 'orders_created': { partitions: 1 } } }));
    expect(p).toEqual([expect.stringMatching(/kafka\.topics\["orders_created"\]: received "orders_created"; expected a name that does not collide with "orders\.created"/)]);
  });

  test('Cruise Control with a single broker', () => {
    const p = problems(withKafka({ brokers: 1, combinedRoles: true, cruiseControl: true, topics: null }));
    expect(p).toEqual(expect.arrayContaining([expect.stringMatching(/kafka\.cruiseControl: received true; expected at least 2 brokers/)]));
  });

  test('cluster names Strimzi cannot build Service names from', () => {
    expect(problems(withKafka({ name: 'Events' }))).toEqual([expect.stringMatching(/kafka\.name: received "Events"; expected a DNS-1035 label of at most 40 characters/)]);
    expect(problems(withKafka({ name: 'e'.repeat(41) }))).toHaveLength(1);
    expect(problems(withKafka({ name: '1events' }))).toHaveLength(1);
  });

  test('versions, sizes, authentication and rack key', () => {
    const p = problems(withKafka({
      version: '4.1', metadataVersion: 'latest', storage: { size: 'lots' }, authentication: 'plain' as never,
      rackTopologyKey: 'not a label', maxConsumerLag: 0, controllerResources: { memoryRequest: '1 GB' },
    }));
    const paths = p.map((line) => line.split(':')[0].replace('platforms/test[test].', ''));
    expect(paths.sort()).toEqual(['kafka.authentication', 'kafka.controllerResources.memoryRequest', 'kafka.maxConsumerLag',
      'kafka.metadataVersion', 'kafka.rackTopologyKey', 'kafka.storage.size', 'kafka.version']);
  });

  test('the operator namespace is a namespace name', () => {
    const p = problems(withKafka({ operatorNamespace: 'Strimzi Operators' }));
    expect(p.map((line) => line.split(':')[0].replace('platforms/test[test].', ''))).toEqual(['kafka.operatorNamespace']);
    expect(problems(withKafka({ operatorNamespace: 'kafka-operators' }))).toEqual([]);
  });

  test('a missing storage size', () => {
    expect(problems(withKafka({ storage: { size: null as never } }))).toEqual([expect.stringMatching(/kafka\.storage\.size: received nothing; expected the size of each broker volume/)]);
  });
});
