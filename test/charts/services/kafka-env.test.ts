import { kafkaConnection } from '../../../charts/services/kafka-env';
import { PLATFORMS } from '../../../platforms';
import { find, K8sObject, synthShipped, synthSpec } from '../../helpers';
import { spec, withKafka } from '../kafka/fixtures';

function container(objects: Map<string, K8sObject[]>, service: string): K8sObject {
  return find(objects.get(`svc-${service}`)!, 'Deployment', service).spec.template.spec.containers[0];
}
const podOf = (objects: Map<string, K8sObject[]>, service: string) => find(objects.get(`svc-${service}`)!, 'Deployment', service).spec.template.spec;
const envMap = (c: K8sObject) => Object.fromEntries(c.env.map((e: K8sObject) => [e.name, e.value ?? e.valueFrom]));

describe('Kafka connection settings of a service', () => {
  const objects = synthSpec(spec());

  test('a consumer gets the bootstrap address, SCRAM credentials from its KafkaUser Secret, the CA file, client id and group', () => {
    expect(envMap(container(objects, 'billing'))).toEqual({
      KAFKA_SASL_PASSWORD: { secretKeyRef: { name: 'events-billing', key: 'password' } },
      KAFKA_SASL_JAAS_CONFIG: { secretKeyRef: { name: 'events-billing', key: 'sasl.jaas.config' } },
      KAFKA_BOOTSTRAP_SERVERS: 'events-kafka-bootstrap:9093',
      KAFKA_SECURITY_PROTOCOL: 'SASL_SSL',
      KAFKA_SASL_MECHANISM: 'SCRAM-SHA-512',
      KAFKA_SASL_USERNAME: 'billing',
      KAFKA_CA_FILE: '/etc/kafka/ca/ca.crt',
      KAFKA_CLIENT_ID: 'billing',
      KAFKA_GROUP_ID: 'billing',
    });
  });

  test('the username and Secret match the KafkaUser and the User Operator\'s prefix', () => {
    const kafkaObjects = objects.get('kafka')!;
    const user = find(kafkaObjects, 'KafkaUser', 'billing');
    const prefix = find(kafkaObjects, 'Kafka', 'events').spec.entityOperator.userOperator.secretPrefix;
    const env = envMap(container(objects, 'billing'));
    expect(env.KAFKA_SASL_USERNAME).toBe(user.metadata.name);
    expect(env.KAFKA_SASL_PASSWORD.secretKeyRef.name).toBe(`${prefix}${user.metadata.name}`);
  });

  test('a producer gets no group id', () => {
    expect(envMap(container(objects, 'orders'))).not.toHaveProperty('KAFKA_GROUP_ID');
  });

  test('the group id is the consumerGroup, the one its ACL grants', () => {
    const custom = synthSpec(spec({ services: { billing: { consumerGroup: 'billing-group' } } }));
    expect(envMap(container(custom, 'billing')).KAFKA_GROUP_ID).toBe('billing-group');
  });

  test('the cluster CA is a read-only directory mount of Strimzi\'s CA Secret (so CA renewals reach the pod)', () => {
    const c = container(objects, 'audit');
    expect(c.volumeMounts).toContainEqual({ name: 'kafka-ca', mountPath: '/etc/kafka/ca', readOnly: true });
    expect(c.volumeMounts.find((m: K8sObject) => m.name === 'kafka-ca')).not.toHaveProperty('subPath');
    expect(c.securityContext.readOnlyRootFilesystem).toBe(true);
    expect(podOf(objects, 'audit').volumes).toContainEqual({
      name: 'kafka-ca', secret: { secretName: 'events-cluster-ca-cert', items: [{ key: 'ca.crt', path: 'ca.crt' }], defaultMode: 0o444 },
    });
  });

  test('envNames rename the variables in the Deployment', () => {
    const renamed = synthSpec(spec({ services: { billing: { envNames: { KAFKA_BOOTSTRAP_SERVERS: 'KAFKA_BROKERS' } } } }));
    const env = envMap(container(renamed, 'billing'));
    expect(env.KAFKA_BROKERS).toBe('events-kafka-bootstrap:9093');
    expect(env).not.toHaveProperty('KAFKA_BOOTSTRAP_SERVERS');
  });

  test('with tls authentication: SSL, the user certificate and key as files readable by the pod group, no SASL', () => {
    const tls = synthSpec(withKafka({ authentication: 'tls' }));
    const env = envMap(container(tls, 'orders'));
    expect(env).toMatchObject({ KAFKA_SECURITY_PROTOCOL: 'SSL', KAFKA_CERT_FILE: '/etc/kafka/user/user.crt', KAFKA_KEY_FILE: '/etc/kafka/user/user.key' });
    expect(Object.keys(env).filter((k) => k.startsWith('KAFKA_SASL'))).toEqual([]);
    expect(podOf(tls, 'orders').volumes).toContainEqual({
      name: 'kafka-user',
      secret: { secretName: 'events-orders', items: [{ key: 'user.crt', path: 'user.crt' }, { key: 'user.key', path: 'user.key' }], defaultMode: 0o440 },
    });
    expect(podOf(tls, 'orders').securityContext.fsGroup).toBe(10001);
  });

  test('services that produce and consume nothing, and platforms without Kafka, get nothing', () => {
    const svc = { image: 'x:1', ports: { api: { port: 80 } } };
    expect(kafkaConnection(spec(), 'x', svc)).toEqual({ env: [], volumes: [], volumeMounts: [] });
    expect(kafkaConnection({ namespace: 'n' }, 'x', { ...svc, produces: ['a'] })).toEqual({ env: [], volumes: [], volumeMounts: [] });
  });
});

describe('shipped platforms: every Kafka client is wired to its own KafkaUser', () => {
  const cases = PLATFORMS.filter((def) => def.base.kafka).flatMap((def) => Object.keys(def.environments).map((env) => [def.name, env] as const));

  test.each(cases)('%s/%s', (platform, env) => {
    const files = synthShipped(platform, env);
    const kafka = files.get('kafka')!;
    const cluster = kafka.find((o) => o.kind === 'Kafka')!;
    const users = kafka.filter((o) => o.kind === 'KafkaUser');
    expect(users.length).toBeGreaterThan(0);
    for (const user of users) {
      const c = container(files, user.metadata.name);
      const def = PLATFORMS.find((p) => p.name === platform)!;
      const renames: Record<string, string> = def.base.services![user.metadata.name].envNames ?? {};
      const env = envMap(c);
      const get = (name: string) => env[renames[name] ?? name];
      expect(get('KAFKA_SASL_USERNAME')).toBe(user.metadata.name);
      expect(get('KAFKA_SASL_PASSWORD')).toEqual({ secretKeyRef: { name: `${cluster.spec.entityOperator.userOperator.secretPrefix}${user.metadata.name}`, key: 'password' } });
      expect(get('KAFKA_BOOTSTRAP_SERVERS')).toBe(`${cluster.metadata.name}-kafka-bootstrap:${cluster.spec.kafka.listeners[0].port}`);
      const groups = user.spec.authorization.acls.filter((a: K8sObject) => a.resource.type === 'group').map((a: K8sObject) => a.resource.name);
      expect(get('KAFKA_GROUP_ID') === undefined ? [] : [get('KAFKA_GROUP_ID')]).toEqual(groups);
    }
  });

  test('wallet: the seed\'s group and variable names, a topic for each publishing service', () => {
    const files = synthShipped('wallet', 'prod');
    const env = envMap(container(files, 'wallet-service'));
    expect(env.KAFKA_GROUP_ID).toBe('wallet-service-group');
    expect(env.KAFKA_BROKERS).toBe('wallet-kafka-kafka-bootstrap:9093');
    expect(env.KAFKA_CLIENT_ID).toBe('wallet-service');
    const produced = (user: string) => find(files.get('kafka')!, 'KafkaUser', user).spec.authorization.acls
      .filter((a: K8sObject) => a.operations.includes('Write')).map((a: K8sObject) => a.resource.name);
    expect(produced('identity-service')).toEqual(['user-events']);
    expect(produced('wallet-service')).toEqual(['wallet-events']);
    expect(produced('transaction-service')).toEqual(['transaction-events']);
    expect(produced('admin-service')).toEqual(['admin-events']);
  });
});
