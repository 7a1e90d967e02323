import { createHash } from 'crypto';

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
