import { checkDnsLabel, checkInt, checkOneOf, checkQuantity, checkResources } from '../lib/checks';
import { ProblemCollector } from '../lib/errors';
import { kafkaConsumerGroup } from '../lib/kafka-access';
import { KafkaSpec, PlatformSpec } from '../spec';
import { kafkaClients } from './clients';
import { kafkaSettings } from './settings';

/**
 * Spec checks for `kafka` and for the Kafka side of the services (`produces`/`consumes`). Each
 * problem names the value, what Strimzi or Kafka would do with it, and the fix.
 */

/** Strimzi appends up to 16 characters ("-entity-operator") to the cluster name in 63-character label values. */
const CLUSTER_NAME_MAX = 40;
const TOPIC_NAME = /^[a-zA-Z0-9._-]{1,249}$/;
/** Kafka accepts any group id; the topic alphabet keeps it readable in ACLs, metrics and the lag alert. */
const GROUP_ID = TOPIC_NAME;
const KAFKA_VERSION = /^[0-9]+\.[0-9]+\.[0-9]+$/;
const METADATA_VERSION = /^[0-9]+\.[0-9]+(-IV[0-9]+)?$/;
const LABEL_KEY = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;

export function checkKafka(c: ProblemCollector, spec: PlatformSpec): void {
  const kafka = spec.kafka;
  checkConsumerGroups(c, spec);
  if (!kafka) {
    checkClientsWithoutKafka(c, spec);
    return;
  }
  const k = c.at('kafka');
  const before = c.problems.length;
  checkClusterName(k, kafka.name);
  if (kafka.version !== undefined && !KAFKA_VERSION.test(String(kafka.version))) {
    k.add('version', kafka.version, 'a Kafka version such as "4.1.1" that the installed Strimzi supports', 'write the full three-part version, or leave it unset to use the operator\'s default');
  }
  if (kafka.metadataVersion !== undefined && !METADATA_VERSION.test(String(kafka.metadataVersion))) {
    k.add('metadataVersion', kafka.metadataVersion, 'a KRaft metadata version such as "4.1" or "4.1-IV1"', 'use the metadata version of the Kafka release, or leave it unset');
  }
  checkNodeCounts(k, kafka);
  if (!kafka.storage?.size) k.add('storage.size', kafka.storage?.size, 'the size of each broker volume, e.g. "100Gi"', 'set storage: { size: "100Gi" }');
  checkQuantity(k, 'storage.size', kafka.storage?.size);
  checkQuantity(k, 'controllerStorage.size', kafka.controllerStorage?.size);
  checkResources(k, 'resources', kafka.resources);
  checkResources(k, 'controllerResources', kafka.controllerResources);
  checkOneOf(k, 'authentication', kafka.authentication, ['scram-sha-512', 'tls']);
  if (kafka.rackTopologyKey !== undefined && (typeof kafka.rackTopologyKey !== 'string' || !LABEL_KEY.test(kafka.rackTopologyKey))) {
    k.add('rackTopologyKey', kafka.rackTopologyKey, 'a node label key such as "topology.kubernetes.io/zone"', 'use a label every node carries, or leave it unset for no rack awareness');
  }
  checkInt(k, 'maxConsumerLag', kafka.maxConsumerLag, 1);
  if (kafka.operatorNamespace !== undefined) checkDnsLabel(k, 'operatorNamespace', kafka.operatorNamespace);
  if (kafka.cruiseControl && (kafka.brokers ?? 3) < 2) {
    k.add('cruiseControl', kafka.cruiseControl, 'at least 2 brokers (Strimzi refuses to deploy Cruise Control with a single broker)',
      'set cruiseControl: false for single-broker environments, or raise brokers');
  }
  // topic checks compare against the broker count and storage, so they run once those are sound
  if (c.problems.length === before) checkTopics(k, spec, kafka);
  checkClients(c, spec, kafka);
}

function checkClusterName(k: ProblemCollector, name: unknown): void {
  if (name === undefined) return;
  if (typeof name !== 'string' || name.length > CLUSTER_NAME_MAX || !/^[a-z]([-a-z0-9]*[a-z0-9])?$/.test(name)) {
    k.add('name', name, `a DNS-1035 label of at most ${CLUSTER_NAME_MAX} characters (lowercase letters, digits, '-', starting with a letter), because Strimzi builds Service names and 63-character label values from it`,
      'rename the cluster, e.g. "kafka"; renaming an existing cluster creates a new, empty one');
  }
}

function checkNodeCounts(k: ProblemCollector, kafka: KafkaSpec): void {
  checkInt(k, 'brokers', kafka.brokers, 1, Number.MAX_SAFE_INTEGER, 'set brokers to 1 or more (3 for production)');
  if (kafka.combinedRoles) return;
  const controllers = kafka.controllers;
  if (controllers === undefined) return;
  if (typeof controllers !== 'number' || !Number.isInteger(controllers) || controllers < 1) {
    k.add('controllers', controllers, 'an odd integer >= 1 (KRaft controller quorum)', 'set controllers to 3 (or 1 for development), or set combinedRoles: true');
  } else if (controllers % 2 === 0) {
    k.add('controllers', controllers, 'an odd number of controllers: a quorum of 2n tolerates no more failures than 2n-1 and needs one more vote',
      `set controllers to ${controllers - 1} or ${controllers + 1}`);
  }
}


function checkTopics(k: ProblemCollector, spec: PlatformSpec, kafka: KafkaSpec): void {
  const settings = kafkaSettings(spec, kafka);
  const byResource = new Map<string, string>();
  const byCollisionKey = new Map<string, string>();
  for (const topic of Object.keys(kafka.topics ?? {}).sort()) {
    const t = kafka.topics![topic];
    const at = `topics[${JSON.stringify(topic)}]`;
    if (!TOPIC_NAME.test(topic) || topic === '.' || topic === '..') {
      k.add(at, topic, 'a Kafka topic name: 1 to 249 characters from [a-zA-Z0-9._-], not "." or ".."', 'rename the topic using only letters, digits, ".", "_" and "-"');
      continue;
    }
    // Kafka refuses two topics that differ only by '.' versus '_' (their metric names collide)
    const collisionKey = topic.replace(/\./g, '_');
    const clash = byCollisionKey.get(collisionKey);
    if (clash) k.add(at, topic, `a name that does not collide with "${clash}" ('.' and '_' are the same in Kafka metric names, so Kafka refuses the second topic)`, 'rename one of the two topics');
    byCollisionKey.set(collisionKey, topic);
    const plan = settings.topics.find((p) => p.topicName === topic)!;
    const other = byResource.get(plan.resourceName);
    if (other) k.add(at, topic, `a topic whose KafkaTopic name "${plan.resourceName}" differs from that of "${other}"`, 'rename one of the two topics');
    byResource.set(plan.resourceName, topic);

    checkInt(k, `${at}.partitions`, t.partitions, 1, Number.MAX_SAFE_INTEGER, 'set partitions to 1 or more (partitions can be raised later, never lowered)');
    if (t.partitions === undefined) k.add(`${at}.partitions`, undefined, 'a partition count', 'set partitions, e.g. 6');
    checkTopicReplicas(k, at, t.replicas, settings.brokers);
    const minIsr = t.config?.['min.insync.replicas'];
    if (minIsr !== undefined && (!Number.isInteger(Number(minIsr)) || Number(minIsr) < 1)) {
      k.add(`${at}.config["min.insync.replicas"]`, minIsr, 'an integer >= 1', 'set it to 1, or 2 with 3 replicas');
    } else if (Number.isInteger(plan.replicas) && plan.replicas >= 1 && plan.minInsyncReplicas > plan.replicas) {
      const source = minIsr === undefined
        ? `min.insync.replicas ${plan.minInsyncReplicas} inherited from the broker default (2 with 3 or more brokers)`
        : `min.insync.replicas ${plan.minInsyncReplicas}`;
      k.add(minIsr === undefined ? `${at}.replicas` : `${at}.config["min.insync.replicas"]`, minIsr ?? plan.replicas,
        `${source} at most replicas (${plan.replicas}); otherwise every acks=all produce fails with NotEnoughReplicas`,
        `raise replicas to ${plan.minInsyncReplicas} or set config["min.insync.replicas"] to ${plan.replicas}`);
    }
  }
}

function checkTopicReplicas(k: ProblemCollector, at: string, replicas: unknown, brokers: number): void {
  if (replicas === undefined) return;
  if (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 1) {
    k.add(`${at}.replicas`, replicas, 'an integer >= 1', `set replicas to ${Math.min(3, brokers)}, or remove it to default to min(3, brokers)`);
  } else if (replicas > brokers) {
    k.add(`${at}.replicas`, replicas, `at most the number of brokers (${brokers}); Kafka cannot place more replicas than brokers and the topic is never created`,
      `set replicas to ${brokers} in this environment (and min.insync.replicas to at most that), or raise brokers`);
  }
}

/** Every topic a service produces to or consumes from must be declared, or its ACL names nothing. */
function checkClients(c: ProblemCollector, spec: PlatformSpec, kafka: KafkaSpec): void {
  const declared = new Set(Object.keys(kafka.topics ?? {}));
  for (const client of kafkaClients(spec)) {
    for (const field of ['produces', 'consumes'] as const) {
      (spec.services![client.service][field] ?? []).forEach((topic, i) => {
        if (!declared.has(topic)) {
          c.add(`services.${client.service}.${field}[${i}]`, topic, `a topic declared under kafka.topics (${[...declared].sort().map((t) => JSON.stringify(t)).join(', ') || 'none declared'})`,
            `declare "${topic}" under kafka.topics, or fix the name in ${field}`);
        }
      });
    }
  }
}

function checkClientsWithoutKafka(c: ProblemCollector, spec: PlatformSpec): void {
  for (const client of kafkaClients(spec)) {
    const field = client.produces.length > 0 ? 'produces' : 'consumes';
    c.add(`services.${client.service}.${field}`, spec.services![client.service][field], 'Kafka topics of a kafka cluster declared in this spec',
      'add a kafka section with these topics, or remove produces/consumes from the service');
  }
}

/** A service's consumerGroup: a plain name, for a consumer, and not another service's group. */
function checkConsumerGroups(c: ProblemCollector, spec: PlatformSpec): void {
  const owners = new Map<string, string>();
  for (const service of Object.keys(spec.services ?? {}).sort()) {
    const svc = spec.services![service];
    const at = `services.${service}.consumerGroup`;
    if (svc.consumerGroup !== undefined) {
      if (typeof svc.consumerGroup !== 'string' || !GROUP_ID.test(svc.consumerGroup)) {
        c.add(at, svc.consumerGroup, 'a consumer group id: 1 to 249 characters from [a-zA-Z0-9._-]', 'write e.g. "orders-group", or remove it to use the service name');
        continue;
      }
      if (!svc.consumes?.length) {
        c.add(at, svc.consumerGroup, 'a service that consumes topics (only consumers join a group; its KafkaUser gets the group only then)', 'add the topics it reads to consumes, or remove consumerGroup');
        continue;
      }
    }
    if (!svc.consumes?.length) continue;
    const group = kafkaConsumerGroup(service, svc);
    const other = owners.get(group);
    if (other) {
      c.add(at, group, `a group no other service joins ("${other}" joins it too: the two would split the partitions, each seeing part of the messages)`,
        `give "${service}" a consumerGroup of its own`);
    }
    owners.set(group, service);
  }
}
