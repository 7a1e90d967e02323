import { checkDnsLabel, checkDnsSubdomain, checkInt, checkOneOf, checkQuantity } from '../lib/checks';
import { ProblemCollector } from '../lib/errors';
import { NatsConsumerSpec, NatsSpec, NatsStreamSpec, PlatformSpec } from '../spec';
import { parseGoDuration } from './durations';
import { isValidJetStreamName, MAX_JETSTREAM_NAME, streamResourceName } from './names';
import { DEFAULT_MAX_MEMORY_STORE, DEFAULT_NAME, DEFAULT_SERVERS, maxFileStore, sortedStreams, streamReplicas } from './settings';
import { describeBytes, INT64_MAX, parseMemorySize, parseNatsSize, parseQuantityBytes } from './sizes';
import { isValidSubject, subjectIsWithin, subjectsOverlap } from './subjects';

/** JetStream refuses more replicas than this. */
export const MAX_STREAM_REPLICAS = 5;

/** Every problem of the `nats` slice, with paths relative to the spec root. */
export function checkNats(c: ProblemCollector, spec: PlatformSpec): void {
  const nats = spec.nats;
  if (!nats) return;
  const name = nats.name ?? DEFAULT_NAME;
  // leaves room for "-headless" and the pod ordinal in a DNS label
  checkDnsLabel(c, 'nats.name', name, 40);
  checkServers(c, nats.servers);
  if (nats.clusterName !== undefined && (typeof nats.clusterName !== 'string' || !/^[A-Za-z0-9_-]+$/.test(nats.clusterName))) {
    c.add('nats.clusterName', nats.clusterName, 'letters, digits, "-" and "_" only', 'drop spaces and dots from the cluster name');
  }
  if (typeof nats.storage?.size !== 'string') {
    c.add('nats.storage.size', nats.storage?.size, 'the JetStream volume size per server, e.g. "20Gi"', 'set nats.storage.size');
  } else {
    checkQuantity(c, 'nats.storage.size', nats.storage.size);
  }
  checkMemory(c, nats);
  checkOneOf(c, 'nats.streamManagement', nats.streamManagement, ['nack', 'job']);
  if (nats.nackNamespace !== undefined) checkDnsLabel(c, 'nats.nackNamespace', nats.nackNamespace);
  for (const secret of ['tlsSecret', 'streamAdminSecret'] as const) {
    if (nats[secret] !== undefined) checkDnsSubdomain(c, `nats.${secret}`, nats[secret]);
  }
  if (nats.authSecret !== undefined) checkDnsSubdomain(c, 'nats.authSecret.name', nats.authSecret.name);
  checkOneOf(c, 'nats.authorization', nats.authorization, ['per-service', 'none']);
  if (nats.authorization === 'per-service' && nats.authSecret !== undefined) {
    c.add('nats.authorization', nats.authorization, 'one source of users: the generated per-service accounts or the authSecret include',
      'remove authSecret to use the generated accounts, or set authorization: "none" to use your include');
  }
  checkStreams(c, nats, name);
  checkStorageReservations(c, nats);
}

function checkServers(c: ProblemCollector, servers: unknown): void {
  if (servers === undefined) return;
  checkInt(c, 'nats.servers', servers, 1, Number.MAX_SAFE_INTEGER, 'set servers to 1 (no replication) or 3 (tolerates one server down)');
  if (typeof servers === 'number' && Number.isInteger(servers) && servers > 1 && servers % 2 === 0) {
    c.add('nats.servers', servers, 'an odd number of servers (1, 3 or 5)',
      `JetStream's Raft groups need a majority: ${servers} servers tolerate no more failures than ${servers - 1} (2 stop when either fails); use ${servers - 1} or ${servers + 1}`);
  }
}

function checkMemory(c: ProblemCollector, nats: NatsSpec): void {
  const store = nats.maxMemoryStore ?? DEFAULT_MAX_MEMORY_STORE;
  const storeBytes = parseMemorySize(store);
  if (storeBytes === undefined) {
    c.add('nats.maxMemoryStore', store, 'a size such as "1Gi" or "512Mi"', 'write the memory store limit with a binary suffix');
    return;
  }
  const r = nats.resources;
  for (const key of ['cpuRequest', 'memoryRequest', 'cpuLimit', 'memoryLimit'] as const) checkQuantity(c, `nats.resources.${key}`, r?.[key]);
  const limit = r?.memoryLimit ?? r?.memoryRequest;
  const limitBytes = limit === undefined ? undefined : parseQuantityBytes(limit);
  if (limitBytes !== undefined && limitBytes <= storeBytes) {
    c.add(r?.memoryLimit !== undefined ? 'nats.resources.memoryLimit' : 'nats.resources.memoryRequest', limit,
      `more memory than maxMemoryStore (${store}), plus headroom for connections and caches`,
      'raise the memory (e.g. maxMemoryStore + 1Gi) or lower maxMemoryStore: the kernel would kill the server before JetStream reached its limit');
  }
}

function checkStreams(c: ProblemCollector, nats: NatsSpec, component: string): void {
  const servers = typeof nats.servers === 'number' ? nats.servers : DEFAULT_SERVERS;
  const streams = sortedStreams(nats);
  const resourceNames = new Map<string, string>();
  for (const [name, stream] of streams) {
    const path = `nats.streams.${name}`;
    if (!isValidJetStreamName(name)) {
      c.add(path, name, `a stream name of letters, digits, "-" and "_" (at most ${MAX_JETSTREAM_NAME})`,
        'JetStream forbids spaces, ".", "*", ">" and path separators; rename the stream, e.g. ORDERS_V2');
      continue;
    }
    const resource = streamResourceName(component, name);
    const clash = resourceNames.get(resource);
    if (clash !== undefined) {
      c.add(path, name, `a name distinct from "${clash}" once lowercased ("${resource}")`, 'rename one of the two streams');
    }
    resourceNames.set(resource, name);
    checkStream(c, path, stream, servers);
  }
  checkOverlaps(c, streams);
}

function checkStream(c: ProblemCollector, path: string, s: NatsStreamSpec, servers: number): void {
  if (!Array.isArray(s.subjects) || s.subjects.length === 0) {
    c.add(`${path}.subjects`, s.subjects, 'at least one subject', 'list the subjects the stream stores, e.g. ["orders.>"]');
  } else {
    s.subjects.forEach((subject, i) => {
      if (!isValidSubject(subject)) {
        c.add(`${path}.subjects[${i}]`, subject, 'a NATS subject: dot-separated non-empty tokens, "*" or ">" as whole tokens, ">" last',
          'e.g. "events.orders.*" or "events.orders.>"');
      }
    });
  }
  checkOneOf(c, `${path}.retention`, s.retention, ['limits', 'interest', 'workqueue']);
  checkOneOf(c, `${path}.storage`, s.storage, ['file', 'memory']);
  checkOneOf(c, `${path}.discard`, s.discard, ['old', 'new']);
  const maxAge = checkGoDuration(c, `${path}.maxAge`, s.maxAge);
  const window = checkGoDuration(c, `${path}.duplicateWindow`, s.duplicateWindow);
  if (window !== undefined && window === 0n) {
    c.add(`${path}.duplicateWindow`, s.duplicateWindow, 'a positive Go duration', 'leave it unset for the 2m default');
  }
  if (maxAge !== undefined && maxAge > 0n && (window ?? 120_000_000_000n) > maxAge) {
    c.add(`${path}.duplicateWindow`, s.duplicateWindow ?? '2m', `at most maxAge (${s.maxAge})`,
      'JetStream refuses a duplicate window longer than the stream keeps messages; shorten it');
  }
  if (s.maxBytes !== undefined) {
    const bytes = parseNatsSize(s.maxBytes);
    if (bytes === undefined || bytes < 1n || bytes > INT64_MAX) {
      c.add(`${path}.maxBytes`, s.maxBytes, 'a size such as "512MB", "1GB" or "50GB" (GB = 1024^3 bytes, as NATS reads it)', 'write a whole number with KB, MB, GB or TB');
    }
  }
  const replicas = streamReplicas(s, servers);
  if (s.replicas !== undefined && (!Number.isInteger(s.replicas) || s.replicas < 1 || s.replicas > MAX_STREAM_REPLICAS)) {
    c.add(`${path}.replicas`, s.replicas, `an integer from 1 to ${MAX_STREAM_REPLICAS}`, 'use 3 for production streams, 1 for scratch data');
  } else if (replicas > servers) {
    c.add(`${path}.replicas`, replicas, `at most the number of servers (${servers})`,
      `JetStream cannot place ${replicas} replicas on ${servers} server${servers === 1 ? '' : 's'}; lower replicas or add servers`);
  }
  for (const [consumer, spec] of Object.entries(s.consumers ?? {}).sort(([a], [b]) => (a < b ? -1 : 1))) {
    checkConsumer(c, `${path}.consumers.${consumer}`, consumer, spec, s.subjects ?? []);
  }
}

function checkConsumer(c: ProblemCollector, path: string, name: string, s: NatsConsumerSpec, subjects: string[]): void {
  if (!isValidJetStreamName(name)) {
    c.add(path, name, 'a durable name of letters, digits, "-" and "_"', 'JetStream forbids spaces, ".", "*" and ">" in consumer names; rename it');
  }
  checkOneOf(c, `${path}.deliverPolicy`, s.deliverPolicy, ['all', 'last', 'new']);
  checkOneOf(c, `${path}.ackPolicy`, s.ackPolicy, ['explicit', 'none', 'all']);
  checkInt(c, `${path}.maxAckPending`, s.maxAckPending, 1);
  const ackWait = checkGoDuration(c, `${path}.ackWait`, s.ackWait);
  if (ackWait === 0n) c.add(`${path}.ackWait`, s.ackWait, 'a positive Go duration', 'leave it unset for the 30s default');
  if (s.filterSubject !== undefined) {
    if (!isValidSubject(s.filterSubject)) {
      c.add(`${path}.filterSubject`, s.filterSubject, 'a NATS subject', 'e.g. "events.orders.created"');
    } else if (!subjects.some((subject) => isValidSubject(subject) && subjectIsWithin(s.filterSubject!, subject))) {
      c.add(`${path}.filterSubject`, s.filterSubject, `a subject within the stream's subjects (${subjects.join(', ')})`,
        'JetStream refuses a filter outside the stream; narrow the filter or leave it unset for all subjects');
    }
  }
}

/** A message may belong to one stream only: two streams (or one stream's own subjects) must not overlap. */
function checkOverlaps(c: ProblemCollector, streams: Array<[string, NatsStreamSpec]>): void {
  const all = streams.flatMap(([name, s]) =>
    (Array.isArray(s.subjects) ? s.subjects : []).filter(isValidSubject).map((subject, i) => ({ name, subject, i })));
  for (let a = 0; a < all.length; a++) {
    for (let b = a + 1; b < all.length; b++) {
      const x = all[a];
      const y = all[b];
      if (!subjectsOverlap(x.subject, y.subject)) continue;
      const where = x.name === y.name ? `another subject of the same stream ("${x.subject}")` : `stream ${x.name} ("${x.subject}")`;
      c.add(`nats.streams.${y.name}.subjects[${y.i}]`, y.subject, `subjects that no message can share with ${where}`,
        'JetStream stores a message in one stream only and refuses overlapping streams; make the subjects disjoint, e.g. distinct second tokens');
    }
  }
}

function checkGoDuration(c: ProblemCollector, path: string, value: unknown): bigint | undefined {
  if (value === undefined) return undefined;
  const ns = parseGoDuration(value);
  if (ns === undefined) {
    c.add(path, value, 'a Go duration such as "2m", "168h" or "1h30m"', 'write days as hours, e.g. 180 days = "4320h"');
  }
  return ns;
}

/**
 * JetStream reserves each stream's maxBytes on the servers holding its replicas and refuses a
 * stream that does not fit ("insufficient storage resources available"). Returns the problem
 * for declared streams whose reservations exceed the store: with R replicas on N servers the
 * cluster must hold the sum of maxBytes x R within N x max_file_store, and no single stream may
 * exceed one server's store.
 */
export function checkStorageReservations(c: ProblemCollector, nats: NatsSpec): void {
  const servers = typeof nats.servers === 'number' && nats.servers > 0 ? nats.servers : DEFAULT_SERVERS;
  const stores = {
    file: { path: 'nats.storage.size', perServer: maxFileStore(nats.storage?.size ?? '0') },
    memory: { path: 'nats.maxMemoryStore', perServer: parseMemorySize(nats.maxMemoryStore ?? DEFAULT_MAX_MEMORY_STORE) ?? 0n },
  };
  for (const kind of ['file', 'memory'] as const) {
    let reserved = 0n;
    for (const [name, s] of sortedStreams(nats)) {
      if ((s.storage ?? 'file') !== kind || s.maxBytes === undefined) continue;
      const bytes = parseNatsSize(s.maxBytes);
      if (bytes === undefined) continue;
      if (bytes > stores[kind].perServer) {
        c.add(`nats.streams.${name}.maxBytes`, s.maxBytes, `at most one server's ${kind} store, ${describeBytes(stores[kind].perServer)}`,
          `JetStream would refuse the stream; lower maxBytes or grow ${stores[kind].path}`);
      }
      reserved += bytes * BigInt(Math.min(streamReplicas(s, servers), servers));
    }
    const capacity = stores[kind].perServer * BigInt(servers);
    if (reserved > capacity) {
      const received = kind === 'file' ? nats.storage?.size : nats.maxMemoryStore ?? DEFAULT_MAX_MEMORY_STORE;
      c.add(stores[kind].path, received,
        `room for the ${kind} streams' maxBytes x replicas, ${describeBytes(reserved)}, within the ${kind} store of ${servers} server${servers === 1 ? '' : 's'}, ${describeBytes(capacity)}`,
        `grow ${stores[kind].path} or lower the streams' maxBytes: JetStream reserves maxBytes up front and refuses streams that do not fit`);
    }
  }
}
