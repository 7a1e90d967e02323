import { NatsConsumerSpec, NatsSpec, NatsStreamSpec } from '../spec';
import { parseGoDuration } from './durations';
import { sortedStreams, streamMaxBytes, streamReplicas } from './settings';

/** Defaults the spec documents, applied identically by both stream management modes. */
export const STREAM_DEFAULTS = { retention: 'limits', storage: 'file', discard: 'old', duplicateWindow: '2m' } as const;
export const CONSUMER_DEFAULTS = { deliverPolicy: 'all', ackPolicy: 'explicit', ackWait: '30s', maxAckPending: 1000 } as const;

/** A stream as the JetStream API takes it (`$JS.API.STREAM.CREATE`, `nats stream add --config`). */
export interface JetStreamStreamConfig {
  readonly name: string;
  readonly subjects: string[];
  readonly retention: 'limits' | 'interest' | 'workqueue';
  readonly max_consumers: number;
  readonly max_msgs: number;
  readonly max_bytes: number;
  /** Nanoseconds; 0 keeps messages forever. */
  readonly max_age: number;
  readonly max_msgs_per_subject: number;
  readonly max_msg_size: number;
  readonly storage: 'file' | 'memory';
  readonly discard: 'old' | 'new';
  readonly num_replicas: number;
  /** Nanoseconds. */
  readonly duplicate_window: number;
}

/** A durable pull consumer as the JetStream API takes it (`nats consumer add STREAM --config`). */
export interface JetStreamConsumerConfig {
  readonly durable_name: string;
  readonly deliver_policy: 'all' | 'last' | 'new';
  readonly ack_policy: 'explicit' | 'none' | 'all';
  /** Nanoseconds. */
  readonly ack_wait: number;
  readonly max_deliver: number;
  readonly max_ack_pending: number;
  readonly replay_policy: 'instant';
  readonly filter_subject?: string;
}

/**
 * The declared streams in the JetStream API's StreamConfig format, sorted by name. Durations are
 * nanoseconds and sizes bytes (exact for any whole-second duration up to 146 years); unlimited
 * values are -1 or 0 as the server itself reports them. Pure: the same spec gives the same JSON.
 */
export function streamConfigs(spec: NatsSpec): JetStreamStreamConfig[] {
  const servers = spec.servers ?? 3;
  return sortedStreams(spec).map(([name, s]) => streamConfig(name, s, servers));
}

export function streamConfig(name: string, s: NatsStreamSpec, servers: number): JetStreamStreamConfig {
  return {
    name,
    subjects: [...s.subjects],
    retention: s.retention ?? STREAM_DEFAULTS.retention,
    max_consumers: -1,
    max_msgs: -1,
    max_bytes: Number(streamMaxBytes(s)),
    max_age: nanos(s.maxAge, '0'),
    max_msgs_per_subject: -1,
    max_msg_size: -1,
    storage: s.storage ?? STREAM_DEFAULTS.storage,
    discard: s.discard ?? STREAM_DEFAULTS.discard,
    num_replicas: streamReplicas(s, servers),
    duplicate_window: nanos(s.duplicateWindow, STREAM_DEFAULTS.duplicateWindow),
  };
}

/** The declared durable consumers, by stream then consumer name. */
export function consumerConfigs(spec: NatsSpec): Array<{ stream: string; config: JetStreamConsumerConfig }> {
  return sortedStreams(spec).flatMap(([stream, s]) =>
    Object.keys(s.consumers ?? {}).sort().map((name) => ({ stream, config: consumerConfig(name, s.consumers![name]) })));
}

export function consumerConfig(name: string, c: NatsConsumerSpec): JetStreamConsumerConfig {
  return {
    durable_name: name,
    deliver_policy: c.deliverPolicy ?? CONSUMER_DEFAULTS.deliverPolicy,
    ack_policy: c.ackPolicy ?? CONSUMER_DEFAULTS.ackPolicy,
    ack_wait: nanos(c.ackWait, CONSUMER_DEFAULTS.ackWait),
    max_deliver: -1,
    max_ack_pending: c.maxAckPending ?? CONSUMER_DEFAULTS.maxAckPending,
    replay_policy: 'instant',
    ...(c.filterSubject ? { filter_subject: c.filterSubject } : {}),
  };
}

function nanos(duration: string | undefined, fallback: string): number {
  return Number(parseGoDuration(duration ?? fallback) ?? 0n);
}
