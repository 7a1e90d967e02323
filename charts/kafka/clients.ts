import { isKafkaClient, kafkaConsumerGroup } from '../lib/kafka-access';
import { PlatformSpec } from '../spec';

/**
 * Kafka clients are the application services that declare `produces` or `consumes`. Each gets a
 * KafkaUser named after the service whose ACLs follow from those lists: nothing more, so a
 * service can neither write to a topic it only reads nor read a topic it never declared.
 */

export type TopicOperation = 'Read' | 'Write' | 'Describe';

export interface AclRule {
  readonly resource: { readonly type: 'topic' | 'group'; readonly name: string; readonly patternType: 'literal' };
  readonly operations: readonly TopicOperation[];
}

export interface KafkaClient {
  /** Service name: the Kafka principal. */
  readonly service: string;
  readonly produces: readonly string[];
  readonly consumes: readonly string[];
  /** The consumer group its consumers join (the service's `consumerGroup`, else its name). */
  readonly group: string;
}

const OPERATION_ORDER: readonly TopicOperation[] = ['Read', 'Write', 'Describe'];

export function kafkaClients(spec: PlatformSpec): KafkaClient[] {
  return Object.keys(spec.services ?? {}).sort()
    .filter((service) => isKafkaClient(spec.services![service]))
    .map((service) => {
      const svc = spec.services![service];
      return { service, produces: unique(svc.produces), consumes: unique(svc.consumes), group: kafkaConsumerGroup(service, svc) };
    });
}

/**
 * Write+Describe on produced topics, Read+Describe on consumed topics, Read on the service's
 * consumer group (the one its connection settings name). A topic both produced and consumed gets one rule with all three.
 * Idempotent producers need no cluster ACL: since Kafka 3.0 Write on a topic implies it.
 */
export function aclsFor(client: KafkaClient): AclRule[] {
  const byTopic = new Map<string, Set<TopicOperation>>();
  const grant = (topic: string, ops: TopicOperation[]) => {
    const set = byTopic.get(topic) ?? new Set<TopicOperation>();
    ops.forEach((op) => set.add(op));
    byTopic.set(topic, set);
  };
  client.produces.forEach((t) => grant(t, ['Write', 'Describe']));
  client.consumes.forEach((t) => grant(t, ['Read', 'Describe']));
  const rules: AclRule[] = [...byTopic.keys()].sort().map((topic) => ({
    resource: { type: 'topic', name: topic, patternType: 'literal' },
    operations: OPERATION_ORDER.filter((op) => byTopic.get(topic)!.has(op)),
  }));
  if (client.consumes.length > 0) {
    rules.push({ resource: { type: 'group', name: client.group, patternType: 'literal' }, operations: ['Read'] });
  }
  return rules;
}

function unique(list: readonly string[] | undefined): string[] {
  return [...new Set(list ?? [])].sort();
}
