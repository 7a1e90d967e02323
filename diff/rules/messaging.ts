/**
 * Kafka topics, NATS streams and Strimzi storage: fewer copies, weaker acknowledgements, shorter
 * retention (the broker deletes what falls outside it at once), settings the server refuses.
 */
import { durationMs } from '../../charts/services/traffic';
import { ChangedObject, isObject, ManifestObject } from '../compare';
import { ChangeRule, Danger, danger, describeChange, numberOr, typeOf } from '../danger';
import { parseQuantity } from '../quantity';

/** A Kafka retention of -1 (or an unset NATS limit) means unlimited. */
const UNLIMITED = Number.POSITIVE_INFINITY;

function kafkaTopic(c: ChangedObject): Danger[] {
  if (typeOf(c.after) !== 'kafka.strimzi.io/KafkaTopic') return [];
  const b = c.before.object.spec ?? {};
  const a = c.after.object.spec ?? {};
  const out: Danger[] = [];
  const bc = isObject(b.config) ? b.config : {};
  const ac = isObject(a.config) ? a.config : {};
  if ((b.topicName ?? c.before.id.name) !== (a.topicName ?? c.after.id.name)) {
    out.push(danger('immutable-field', c.after, `spec.topicName${describeChange(b.topicName, a.topicName)}`,
      'the Topic Operator does not rename topics: it marks the KafkaTopic NotReady and keeps the old topic. Create a new KafkaTopic and move producers and consumers to it.'));
  }
  const rb = numberOr(b.replicas, 0);
  const ra = numberOr(a.replicas, 0);
  if (ra > 0 && rb > 0 && ra < rb) {
    out.push(danger('durability-reduced', c.after, `spec.replicas ${rb} -> ${ra}`,
      `each partition keeps ${ra} cop${ra === 1 ? 'y' : 'ies'} instead of ${rb}: the Topic Operator reassigns replicas through Cruise Control (without it the KafkaTopic turns NotReady), ` +
      `and from then on ${ra === 1 ? 'one broker lost (disk or node) loses acknowledged messages' : `${ra - 1} broker loss${ra - 1 === 1 ? '' : 'es'} can be survived instead of ${rb - 1}`}. Keep at least 3 where data matters.`));
  }
  const mb = numberOr(bc['min.insync.replicas'], 1);
  const ma = numberOr(ac['min.insync.replicas'], 1);
  if (ma < mb) {
    out.push(danger('durability-reduced', c.after, `config min.insync.replicas ${mb} -> ${ma}`,
      `producers with acks=all are acknowledged once ${ma} replica${ma === 1 ? ' has' : 's have'} the message: a leader that fails before the others catch up loses acknowledged writes. Keep min.insync.replicas at replicas - 1.`));
  }
  const replicas = ra || rb;
  if (replicas > 0 && ma >= replicas && (ma !== mb || ra !== rb)) {
    out.push(danger('client-breaking', c.after, `config min.insync.replicas ${ma} with replicas ${replicas}`,
      'acks=all producers fail with NotEnoughReplicas as soon as one replica is out of sync (every broker restart). Keep min.insync.replicas below replicas.'));
  }
  for (const key of ['retention.ms', 'retention.bytes', 'local.retention.ms', 'local.retention.bytes']) {
    const was = kafkaLimit(bc[key]);
    const now = kafkaLimit(ac[key]);
    if (was !== undefined && now !== undefined && now < was) {
      out.push(danger('retention-shortened', c.after, `config ${key} ${show(bc[key])} -> ${show(ac[key])}`,
        `the brokers delete every log segment outside the new limit at their next retention check (minutes): those messages are gone for every consumer, lagging ones included. Shorten retention only after the data is copied or no longer needed.`));
    }
  }
  const pb = String(bc['cleanup.policy'] ?? 'delete');
  const pa = String(ac['cleanup.policy'] ?? 'delete');
  if (pb !== pa) {
    out.push(danger('retention-shortened', c.after, `config cleanup.policy ${pb} -> ${pa}`,
      pa.includes('compact') && !pb.includes('compact')
        ? 'compaction keeps only the latest record per key: the log cleaner deletes every older record of a key, and records without a key are rejected. Only for topics whose consumers need just the latest state.'
        : 'without compaction whole segments are deleted once retention.ms passes: keys written once and never again (the state a compacted topic keeps forever) disappear. Set a retention that keeps them, or keep compact.'));
  }
  if (String(ac['unclean.leader.election.enable']) === 'true' && String(bc['unclean.leader.election.enable']) !== 'true') {
    out.push(danger('durability-reduced', c.after, 'config unclean.leader.election.enable -> true',
      'a replica that is behind may become leader when the in-sync ones are down: every message it lacks is dropped from the partition. Leave it off for data that matters.'));
  }
  return out;
}

/** A Kafka limit in its unit; -1 is unlimited; absent (the broker default, unknown here) is not compared. */
function kafkaLimit(v: unknown): number | undefined {
  if (v === undefined) return undefined;
  const n = numberOr(v, Number.NaN);
  if (Number.isNaN(n)) return undefined;
  return n < 0 ? UNLIMITED : n;
}

function natsStream(c: ChangedObject): Danger[] {
  if (typeOf(c.after) !== 'jetstream.nats.io/Stream') return [];
  const b = c.before.object.spec ?? {};
  const a = c.after.object.spec ?? {};
  const out: Danger[] = [];
  if (b.name !== a.name) {
    out.push(danger('data-renamed', c.after, `spec.name${describeChange(b.name, a.name)}`,
      'the stream is a new, empty one under the new name; NACK leaves the old stream (preventDelete) or deletes it with its messages. Keep the stream name; migrate messages (a mirror or source) before switching.'));
  }
  const rb = numberOr(b.replicas, 1);
  const ra = numberOr(a.replicas, 1);
  if (ra < rb) {
    out.push(danger('durability-reduced', c.after, `spec.replicas ${rb} -> ${ra}`,
      `the stream keeps ${ra} cop${ra === 1 ? 'y' : 'ies'} of every message instead of ${rb}${ra === 1 ? ': one server or volume lost loses the messages it holds, and the stream is unavailable while that server restarts' : ''}. Keep 3 where data matters.`));
  }
  if ((b.storage ?? 'file') !== (a.storage ?? 'file')) {
    out.push(danger('immutable-field', c.after, `spec.storage ${b.storage ?? 'file'} -> ${a.storage ?? 'file'}`,
      'the NATS server refuses to change a stream\'s storage type: NACK reports the update as failed and the stream keeps its storage. ' +
      (a.storage === 'memory' ? 'A memory stream also loses every message when its servers restart. ' : '') +
      'Create a new stream with the other storage, copy the messages (source the old stream), then switch clients.'));
  }
  if ((b.retention ?? 'limits') !== (a.retention ?? 'limits')) {
    out.push(danger('retention-shortened', c.after, `spec.retention ${b.retention ?? 'limits'} -> ${a.retention ?? 'limits'}`,
      'the server refuses changes to or from workqueue retention; where it accepts the change, messages are from then on removed as soon as ' +
      (a.retention === 'interest' ? 'every consumer has acknowledged them (and at once when no consumer exists)' : a.retention === 'workqueue' ? 'one consumer acknowledges them' : 'the limits say') +
      '. Create a new stream with the new retention and move consumers to it.'));
  }
  const limits: Array<[string, (v: unknown) => number | undefined]> = [
    ['maxAge', natsDuration], ['maxBytes', natsCount], ['maxMsgs', natsCount], ['maxMsgsPerSubject', natsCount], ['maxMsgSize', natsCount],
  ];
  for (const [key, parse] of limits) {
    const was = parse(b[key]);
    const now = parse(a[key]);
    if (was !== undefined && now !== undefined && now < was) {
      out.push(key === 'maxMsgSize'
        ? danger('client-breaking', c.after, `spec.${key} ${show(b[key])} -> ${show(a[key])}`,
          'publishes larger than the new limit are rejected from then on: producers sending them get errors. Lower it only after the producers do.')
        : danger('retention-shortened', c.after, `spec.${key} ${show(b[key])} -> ${show(a[key])}`,
          'the server applies the new limit at once: every message beyond it is deleted from the stream, also those no consumer has read. Lower limits only after the data is copied or no longer needed.'));
    }
  }
  if (b.preventDelete === true && a.preventDelete !== true) {
    out.push(danger('sync-protection-removed', c.after, 'spec.preventDelete true -> ' + compactBool(a.preventDelete),
      'from now on deleting the Stream resource (a prune, a namespace deleted, a rename in the spec) makes NACK delete the JetStream stream and every message in it. Keep preventDelete on streams that hold data.'));
  }
  return out;
}

/** A NATS limit: unset or -1 is unlimited; durations as Go durations or nanoseconds. */
function natsDuration(v: unknown): number | undefined {
  if (v === undefined || v === '' || v === -1 || v === '0s' || v === 0) return UNLIMITED;
  return typeof v === 'number' ? v / 1e6 : durationMs(v);
}

function natsCount(v: unknown): number | undefined {
  if (v === undefined || v === -1 || v === 0) return UNLIMITED;
  return parseQuantity(typeof v === 'string' ? v.replace(/B$/, '') : v);
}

/** Strimzi storage: deleteClaim turned on, or a volume's class changed. */
function kafkaStorage(c: ChangedObject): Danger[] {
  const type = typeOf(c.after);
  if (type !== 'kafka.strimzi.io/KafkaNodePool' && type !== 'kafka.strimzi.io/Kafka') return [];
  const storageOf = (o: ManifestObject) => (type === 'kafka.strimzi.io/Kafka' ? o.object.spec?.kafka?.storage : o.object.spec?.storage);
  const before = strimziVolumes(storageOf(c.before));
  const out: Danger[] = [];
  for (const [id, v] of strimziVolumes(storageOf(c.after))) {
    const old = before.get(id);
    if (!old) continue;
    const label = id === '' ? 'storage' : `storage volume ${id}`;
    if (v.deleteClaim === true && old.deleteClaim !== true) {
      out.push(danger('claim-retention-weakened', c.after, `${label} deleteClaim ${compactBool(old.deleteClaim)} -> true`,
        'from now on Strimzi deletes the broker volumes when the cluster or pool is deleted or scaled down: a prune or a mistaken delete destroys the log data. Keep deleteClaim false.'));
    }
    if ((v.class ?? '') !== (old.class ?? '')) {
      out.push(danger('storage-class-changed', c.after, `${label} class${describeChange(old.class, v.class)}`,
        'Strimzi cannot change the class of existing volumes: current brokers keep theirs and only nodes added later get the new class. Moving data means new nodes in a new pool and a rebalance.'));
    }
  }
  return out;
}

/** Strimzi storage: a single persistent-claim, or jbod with volumes by id. */
export function strimziVolumes(storage: unknown): Map<string, Record<string, any>> {
  const out = new Map<string, Record<string, any>>();
  if (!isObject(storage)) return out;
  if (storage.type === 'jbod' && Array.isArray(storage.volumes)) {
    for (const v of storage.volumes) if (isObject(v)) out.set(String(v.id ?? ''), v);
  } else {
    out.set('', storage);
  }
  return out;
}

function show(v: unknown): string {
  return v === undefined ? '(unset)' : String(v);
}

function compactBool(v: unknown): string {
  return v === undefined ? '(unset)' : String(v);
}

export const messagingRules: ChangeRule[] = [kafkaTopic, natsStream, kafkaStorage];
