import { AppServiceSpec, KafkaSpec } from '../spec';

/**
 * How clients reach Kafka and who they are there: the one convention the Kafka component (listener,
 * User Operator, KafkaUser ACLs) and the application services (their connection env) both follow.
 * The Service and Secret names are the ones Strimzi derives from the cluster name.
 */

export const KAFKA_DEFAULT_NAME = 'kafka';
/** Port of the internal TLS listener every client uses. */
export const KAFKA_CLIENT_PORT = 9093;
/** Key of the PEM cluster CA certificate in Strimzi's `<cluster>-cluster-ca-cert` Secret. */
export const KAFKA_CA_CERT_KEY = 'ca.crt';
/** Keys the User Operator writes for a scram-sha-512 user: the password and a ready JAAS line for Java clients. */
export const KAFKA_PASSWORD_KEY = 'password';
export const KAFKA_JAAS_CONFIG_KEY = 'sasl.jaas.config';
/** Keys the User Operator writes for a tls user: its PEM certificate and private key. */
export const KAFKA_USER_CERT_KEY = 'user.crt';
export const KAFKA_USER_KEY_KEY = 'user.key';

export function kafkaClusterName(kafka: KafkaSpec): string {
  return kafka.name ?? KAFKA_DEFAULT_NAME;
}

/** `host:port` clients bootstrap from: Strimzi's bootstrap Service, on the TLS listener. */
export function kafkaBootstrapAddress(kafka: KafkaSpec): string {
  return `${kafkaClusterName(kafka)}-kafka-bootstrap:${KAFKA_CLIENT_PORT}`;
}

/** Secret with the cluster CA certificate clients trust for the TLS listener. */
export function kafkaClusterCaSecret(kafka: KafkaSpec): string {
  return `${kafkaClusterName(kafka)}-cluster-ca-cert`;
}

/**
 * Prefix the User Operator puts before each KafkaUser name to name its Secret: the principal stays
 * the service name, the Secret says which cluster it belongs to.
 */
export function kafkaUserSecretPrefix(kafka: KafkaSpec): string {
  return `${kafkaClusterName(kafka)}-`;
}

/** Secret the User Operator creates for a service's KafkaUser. */
export function kafkaUserSecret(kafka: KafkaSpec, service: string): string {
  return `${kafkaUserSecretPrefix(kafka)}${service}`;
}

/** The consumer group a service's consumers join, which its KafkaUser may read. */
export function kafkaConsumerGroup(service: string, svc: AppServiceSpec): string {
  return svc.consumerGroup ?? service;
}

/** A service is a Kafka client when it produces or consumes a topic: it gets a KafkaUser and connection settings. */
export function isKafkaClient(svc: AppServiceSpec): boolean {
  return (svc.produces?.length ?? 0) > 0 || (svc.consumes?.length ?? 0) > 0;
}
