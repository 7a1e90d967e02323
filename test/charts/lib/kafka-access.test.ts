import {
  isKafkaClient, kafkaBootstrapAddress, kafkaClusterCaSecret, kafkaConsumerGroup, kafkaUserSecret, kafkaUserSecretPrefix,
} from '../../../charts/lib/kafka-access';

describe('client-facing Kafka names', () => {
  const kafka = { name: 'events', storage: { size: '1Gi' } };

  test('bootstrap address is the TLS listener of the bootstrap Service', () => {
    expect(kafkaBootstrapAddress(kafka)).toBe('events-kafka-bootstrap:9093');
    expect(kafkaBootstrapAddress({ storage: { size: '1Gi' } })).toBe('kafka-kafka-bootstrap:9093');
  });

  test('user Secret is the User Operator prefix plus the service name; the CA Secret is Strimzi\'s', () => {
    expect(kafkaUserSecretPrefix(kafka)).toBe('events-');
    expect(kafkaUserSecret(kafka, 'orders')).toBe('events-orders');
    expect(kafkaClusterCaSecret(kafka)).toBe('events-cluster-ca-cert');
  });
});

describe('Kafka clients', () => {
  const svc = { image: 'x:1', ports: { api: { port: 80 } } };

  test('the consumer group is consumerGroup, else the service name', () => {
    expect(kafkaConsumerGroup('orders', svc)).toBe('orders');
    expect(kafkaConsumerGroup('orders', { ...svc, consumerGroup: 'orders-group' })).toBe('orders-group');
  });

  test('a client produces or consumes; talking to Kafka alone is not enough', () => {
    expect(isKafkaClient({ ...svc, produces: ['a'] })).toBe(true);
    expect(isKafkaClient({ ...svc, consumes: ['a'] })).toBe(true);
    expect(isKafkaClient({ ...svc, talksTo: ['kafka'], produces: [] })).toBe(false);
  });
});
