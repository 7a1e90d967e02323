import { k8s } from '../lib/k8s';
import {
  isKafkaClient, KAFKA_CA_CERT_KEY, KAFKA_JAAS_CONFIG_KEY, KAFKA_PASSWORD_KEY, KAFKA_USER_CERT_KEY, KAFKA_USER_KEY_KEY,
  kafkaBootstrapAddress, kafkaClusterCaSecret, kafkaConsumerGroup, kafkaUserSecret,
} from '../lib/kafka-access';
import { AppServiceSpec, PlatformSpec } from '../spec';

/** The connection variables a Kafka client gets, by their documented names. */
export const KAFKA_ENV = {
  bootstrapServers: 'KAFKA_BOOTSTRAP_SERVERS',
  securityProtocol: 'KAFKA_SECURITY_PROTOCOL',
  saslMechanism: 'KAFKA_SASL_MECHANISM',
  username: 'KAFKA_SASL_USERNAME',
  password: 'KAFKA_SASL_PASSWORD',
  jaasConfig: 'KAFKA_SASL_JAAS_CONFIG',
  caFile: 'KAFKA_CA_FILE',
  certFile: 'KAFKA_CERT_FILE',
  keyFile: 'KAFKA_KEY_FILE',
  clientId: 'KAFKA_CLIENT_ID',
  groupId: 'KAFKA_GROUP_ID',
} as const;

/** Where the cluster CA (and, with tls authentication, the user's certificate) appear in the container. */
export const KAFKA_CA_DIR = '/etc/kafka/ca';
export const KAFKA_USER_DIR = '/etc/kafka/user';
const CA_VOLUME = 'kafka-ca';
const USER_VOLUME = 'kafka-user';
/** The CA is public; the user's key is readable by the pod's group (fsGroup) only. */
const CA_MODE = 0o444;
const KEY_MODE = 0o440;

export interface KafkaConnection {
  readonly env: k8s.EnvVar[];
  readonly volumes: k8s.Volume[];
  readonly volumeMounts: k8s.VolumeMount[];
}

const NONE: KafkaConnection = { env: [], volumes: [], volumeMounts: [] };

/**
 * Where Kafka is and who this service is there, for a service that produces or consumes: the
 * bootstrap address of the TLS listener, the cluster CA as a file (a directory mount, so Strimzi's
 * CA renewals reach the pod without a restart), the KafkaUser's credentials from the Secret the
 * User Operator writes, its client id and, for a consumer, the group its ACL grants.
 */
export function kafkaConnection(spec: PlatformSpec, name: string, svc: AppServiceSpec): KafkaConnection {
  const kafka = spec.kafka;
  if (!kafka || !isKafkaClient(svc)) return NONE;
  const userSecret = kafkaUserSecret(kafka, name);
  const secretEnv = (envName: string, key: string): k8s.EnvVar => ({ name: envName, valueFrom: { secretKeyRef: { name: userSecret, key } } });
  const tlsAuth = kafka.authentication === 'tls';
  const env: k8s.EnvVar[] = tlsAuth ? [] : [secretEnv(KAFKA_ENV.password, KAFKA_PASSWORD_KEY), secretEnv(KAFKA_ENV.jaasConfig, KAFKA_JAAS_CONFIG_KEY)];
  env.push(
    { name: KAFKA_ENV.bootstrapServers, value: kafkaBootstrapAddress(kafka) },
    { name: KAFKA_ENV.securityProtocol, value: tlsAuth ? 'SSL' : 'SASL_SSL' },
    ...(tlsAuth ? [
      { name: KAFKA_ENV.certFile, value: `${KAFKA_USER_DIR}/${KAFKA_USER_CERT_KEY}` },
      { name: KAFKA_ENV.keyFile, value: `${KAFKA_USER_DIR}/${KAFKA_USER_KEY_KEY}` },
    ] : [
      { name: KAFKA_ENV.saslMechanism, value: 'SCRAM-SHA-512' },
      { name: KAFKA_ENV.username, value: name },
    ]),
    { name: KAFKA_ENV.caFile, value: `${KAFKA_CA_DIR}/${KAFKA_CA_CERT_KEY}` },
    { name: KAFKA_ENV.clientId, value: name },
    ...((svc.consumes?.length ?? 0) > 0 ? [{ name: KAFKA_ENV.groupId, value: kafkaConsumerGroup(name, svc) }] : []),
  );
  const volumes: k8s.Volume[] = [{
    name: CA_VOLUME,
    secret: { secretName: kafkaClusterCaSecret(kafka), items: [{ key: KAFKA_CA_CERT_KEY, path: KAFKA_CA_CERT_KEY }], defaultMode: CA_MODE },
  }];
  const volumeMounts: k8s.VolumeMount[] = [{ name: CA_VOLUME, mountPath: KAFKA_CA_DIR, readOnly: true }];
  if (tlsAuth) {
    volumes.push({
      name: USER_VOLUME,
      secret: {
        secretName: userSecret,
        items: [KAFKA_USER_CERT_KEY, KAFKA_USER_KEY_KEY].map((key) => ({ key, path: key })),
        defaultMode: KEY_MODE,
      },
    });
    volumeMounts.push({ name: USER_VOLUME, mountPath: KAFKA_USER_DIR, readOnly: true });
  }
  return { env, volumes, volumeMounts };
}
