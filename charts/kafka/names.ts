import { createHash } from 'crypto';
import { KafkaSpec } from '../spec';

/**
 * Names Strimzi derives from the cluster name, exported so the application services and the docs
 * can point clients at the right Service and Secrets without repeating Strimzi's conventions.
 */

/** Port of the internal TLS listener every client uses. */
export const CLIENT_PORT = 9093;

export function clusterName(kafka: KafkaSpec): string {
  return kafka.name ?? 'kafka';
}

/** `host:port` clients bootstrap from (the Service Strimzi creates for the cluster). */
export function bootstrapAddress(kafka: KafkaSpec): string {
  return `${clusterName(kafka)}-kafka-bootstrap:${CLIENT_PORT}`;
}

/** Secret with the cluster CA certificate (`ca.crt`) clients trust for the TLS listener. */
export function clusterCaSecretName(kafka: KafkaSpec): string {
  return `${clusterName(kafka)}-cluster-ca-cert`;
}

/**
 * Prefix the User Operator puts before each KafkaUser name to name its Secret: the principal stays
 * the service name (which is also its consumer group), the Secret says which cluster it belongs to.
 */
export function userSecretPrefix(kafka: KafkaSpec): string {
  return `${clusterName(kafka)}-`;
}

/**
 * Secret the User Operator creates for a service: `password` and `sasl.jaas.config` with
 * scram-sha-512; `user.crt`, `user.key`, `user.p12`, `user.password` and `ca.crt` with tls.
 */
export function userSecretName(kafka: KafkaSpec, service: string): string {
  return `${userSecretPrefix(kafka)}${service}`;
}

const K8S_NAME_MAX = 63;
const HASH_LENGTH = 8;

/**
 * KafkaTopic metadata.name for a Kafka topic name. Topic names allow upper case, '_' and '.',
 * which Kubernetes names do not (or, for '.', not in label-style names): names that are already
 * DNS-1123 labels are kept; any other name is lower-cased, every other character becomes '-', and
 * a hash of the real name is appended so that "a.b", "a_b" and "A-b" never share a resource.
 * Depends only on the topic name, so the resource never changes identity.
 */
export function topicResourceName(topic: string): string {
  if (topic.length <= K8S_NAME_MAX && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(topic)) return topic;
  const base = topic.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '')
    .slice(0, K8S_NAME_MAX - HASH_LENGTH - 1).replace(/-+$/, '');
  const hash = createHash('sha256').update(topic).digest('hex').slice(0, HASH_LENGTH);
  return base ? `${base}-${hash}` : `topic-${hash}`;
}
