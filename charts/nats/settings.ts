import { natsClientUrl, NATS_DEFAULT_NAME, natsPerServiceAuth, natsStreamAdminSecret } from '../lib/nats-access';
import { NatsSpec, NatsStreamSpec } from '../spec';
import { NATS_IMAGE } from './images';
import { FILE_STORE_SHARE, PORTS } from './layout';
import { parseMemorySize, parseNatsSize, parseQuantityBytes } from './sizes';

export const DEFAULT_NAME = NATS_DEFAULT_NAME;
export const DEFAULT_SERVERS = 3;
export const DEFAULT_MAX_MEMORY_STORE = '1Gi';

/** The NATS spec with every default resolved once; everything else reads this. */
export interface NatsSettings {
  readonly name: string;
  readonly namespace: string;
  readonly servers: number;
  readonly clusterName: string;
  readonly image: string;
  readonly headlessName: string;
  readonly streamsConfigMapName: string;
  /** Client URL inside the cluster, e.g. nats://events.ns.svc.cluster.local:4222. */
  readonly clientUrl: string;
  /** One route URL per ordinal, over the headless Service's stable pod names. */
  readonly routes: readonly string[];
  readonly maxMemoryStoreBytes: bigint;
  readonly maxFileStoreBytes: bigint;
  readonly streamManagement: 'nack' | 'job';
  /** Generated accounts: a user per service, a stream admin, a system account. */
  readonly perServiceAuth: boolean;
  /** Secret (keys user, password) of the user NACK or the stream Job manages streams as. */
  readonly streamAdminSecret?: string;
  /** Some stream asks for every message on disk before its acknowledgement: the servers sync every write. */
  readonly syncAlways: boolean;
  readonly spec: NatsSpec;
}

export function natsSettings(spec: NatsSpec, namespace: string): NatsSettings {
  const name = spec.name ?? DEFAULT_NAME;
  const servers = spec.servers ?? DEFAULT_SERVERS;
  const headlessName = `${name}-headless`;
  return {
    name,
    namespace,
    servers,
    clusterName: spec.clusterName ?? name,
    image: spec.image ?? NATS_IMAGE,
    headlessName,
    streamsConfigMapName: `${name}-streams`,
    clientUrl: natsClientUrl(spec, namespace),
    routes: Array.from({ length: servers }, (_, i) =>
      `nats://${name}-${i}.${headlessName}.${namespace}.svc.cluster.local:${PORTS.cluster}`),
    maxMemoryStoreBytes: parseMemorySize(spec.maxMemoryStore ?? DEFAULT_MAX_MEMORY_STORE) ?? 0n,
    maxFileStoreBytes: maxFileStore(spec.storage.size),
    streamManagement: spec.streamManagement ?? 'nack',
    perServiceAuth: natsPerServiceAuth(spec),
    streamAdminSecret: natsStreamAdminSecret(spec),
    syncAlways: Object.values(spec.streams ?? {}).some((st) => st.syncEveryMessage === true),
    spec,
  };
}

/** max_file_store: a share of the volume, so JetStream refuses writes before the disk is full. */
export function maxFileStore(volumeSize: string): bigint {
  const bytes = parseQuantityBytes(volumeSize) ?? 0n;
  return (bytes * FILE_STORE_SHARE.numerator) / FILE_STORE_SHARE.denominator;
}

/** Replicas of a stream: as declared, else min(3, servers). */
export function streamReplicas(stream: NatsStreamSpec, servers: number): number {
  return stream.replicas ?? Math.min(3, servers);
}

/** Streams sorted by name, so output order never depends on how the spec was written. */
export function sortedStreams(spec: NatsSpec): Array<[string, NatsStreamSpec]> {
  return Object.entries(spec.streams ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** maxBytes in bytes, or -1 (unlimited) when unset. */
export function streamMaxBytes(stream: NatsStreamSpec): bigint {
  return stream.maxBytes === undefined ? -1n : parseNatsSize(stream.maxBytes) ?? -1n;
}
