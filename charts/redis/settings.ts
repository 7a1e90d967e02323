import { PlatformSpec, RedisEvictionPolicy, RedisSpec, ResourcesSpec, VolumeSpec } from '../spec';
import { HAPROXY_IMAGE, REDIS_EXPORTER_IMAGE, REDIS_IMAGE } from './images';
import { masterProxyEnabled, masterSetOf, sentinelsOf } from '../lib/redis-access';
import { instanceName } from './names';
import { mebibytes, redisBytes } from './sizes';

/** Defaults and the resolved view of `spec.redis`, computed once and read by every construct. */

export const DEFAULT_REPLICAS = 3;
export const DEFAULT_EVICTION_POLICY: RedisEvictionPolicy = 'noeviction';
export const DEFAULT_SAVE = ['900 1', '300 10', '60 10000'];
export const DEFAULT_DOWN_AFTER_MS = 5000;
export const DEFAULT_FAILOVER_TIMEOUT_MS = 60000;
export const DEFAULT_PARALLEL_SYNCS = 1;
export const DEFAULT_SENTINEL_VOLUME_SIZE = '1Gi';
/** Memory for data pods without maxmemory; with it, maxmemory / MAX_MEMORY_SHARE (see defaultDataMemory). */
export const DEFAULT_DATA_MEMORY = '512Mi';
export const DATA_CPU = '100m';
export const SENTINEL_RESOURCES = { cpu: '50m', memory: '64Mi' };
export const EXPORTER_RESOURCES = { cpu: '20m', memory: '64Mi' };
export const MASTER_PROXY_RESOURCES = { cpu: '50m', memory: '64Mi' };
export const DEFAULT_MASTER_PROXY_REPLICAS = 2;
/**
 * The largest share of the container's memory limit maxmemory may take. RDB saves, AOF rewrites
 * and the full sync of a new replica fork the server; under writes, copy-on-write can need up
 * to the dataset again, and a forked child over the limit gets the pod OOM-killed mid-save.
 */
export const MAX_MEMORY_SHARE = 0.6;

export const EVICTION_POLICIES: readonly RedisEvictionPolicy[] = [
  'noeviction', 'allkeys-lru', 'allkeys-lfu', 'allkeys-random',
  'volatile-lru', 'volatile-lfu', 'volatile-random', 'volatile-ttl',
];

export interface RedisSettings {
  readonly name: string;
  readonly replicas: number;
  readonly sentinels: number;
  readonly quorum: number;
  readonly masterSet: string;
  readonly maxmemory?: string;
  readonly evictionPolicy: RedisEvictionPolicy;
  readonly appendOnly: boolean;
  readonly save: readonly string[];
  readonly downAfterMilliseconds: number;
  readonly failoverTimeout: number;
  readonly parallelSyncs: number;
  readonly minReplicasToWrite: number;
  readonly passwordSecret: { readonly name: string; readonly key: string };
  readonly storage: VolumeSpec;
  readonly sentinelStorage: VolumeSpec;
  readonly image: string;
  readonly exporterImage: string;
  readonly resources?: ResourcesSpec;
  readonly resourceDefaults: { cpu: string; memory: string };
  readonly sentinelResources?: ResourcesSpec;
  /** The master proxy behind `<name>-master`; undefined when the spec turns it off. */
  readonly masterProxy?: { readonly replicas: number; readonly image: string; readonly resources?: ResourcesSpec };
}

export function majorityOf(n: number): number {
  return Math.floor(n / 2) + 1;
}

export function redisSettings(spec: PlatformSpec, redis: RedisSpec): RedisSettings {
  const sentinels = sentinelsOf(redis);
  const storageClass = redis.storage.storageClass ?? spec.common?.storageClass;
  return {
    name: instanceName(redis),
    replicas: redis.replicas ?? DEFAULT_REPLICAS,
    sentinels,
    quorum: redis.quorum ?? majorityOf(sentinels),
    masterSet: masterSetOf(redis),
    maxmemory: redis.maxmemory,
    evictionPolicy: redis.evictionPolicy ?? DEFAULT_EVICTION_POLICY,
    appendOnly: redis.appendOnly ?? true,
    save: redis.save ?? DEFAULT_SAVE,
    downAfterMilliseconds: redis.downAfterMilliseconds ?? DEFAULT_DOWN_AFTER_MS,
    failoverTimeout: redis.failoverTimeout ?? DEFAULT_FAILOVER_TIMEOUT_MS,
    parallelSyncs: redis.parallelSyncs ?? DEFAULT_PARALLEL_SYNCS,
    minReplicasToWrite: redis.minReplicasToWrite ?? defaultMinReplicasToWrite(redis),
    passwordSecret: redis.passwordSecret,
    storage: { ...redis.storage, storageClass },
    sentinelStorage: {
      size: redis.sentinelStorage?.size ?? DEFAULT_SENTINEL_VOLUME_SIZE,
      storageClass: redis.sentinelStorage?.storageClass ?? storageClass,
    },
    image: redis.image ?? REDIS_IMAGE,
    exporterImage: redis.exporterImage ?? REDIS_EXPORTER_IMAGE,
    resources: redis.resources,
    resourceDefaults: { cpu: DATA_CPU, memory: defaultDataMemory(redis.maxmemory) },
    sentinelResources: redis.sentinelResources,
    masterProxy: masterProxyEnabled(redis)
      ? { replicas: redis.masterProxy?.replicas ?? DEFAULT_MASTER_PROXY_REPLICAS, image: redis.masterProxy?.image ?? HAPROXY_IMAGE, resources: redis.masterProxy?.resources }
      : undefined,
  };
}

/**
 * A store (noeviction: every key matters) refuses writes while no replica receives them, so a
 * master cut off from its replicas stops acknowledging writes that a failover would discard.
 * A cache (evicting) keeps taking writes; one data pod has no replica to wait for.
 */
export function defaultMinReplicasToWrite(redis: RedisSpec): number {
  const replicas = redis.replicas ?? DEFAULT_REPLICAS;
  return (redis.evictionPolicy ?? DEFAULT_EVICTION_POLICY) === 'noeviction' && replicas >= 2 ? 1 : 0;
}

/** Container memory for a data pod when the spec sets none: maxmemory plus fork headroom. */
export function defaultDataMemory(maxmemory: string | undefined): string {
  const bytes = maxmemory === undefined ? undefined : redisBytes(maxmemory);
  return bytes ? mebibytes(bytes / MAX_MEMORY_SHARE) : DEFAULT_DATA_MEMORY;
}

/** Policies under which a full dataset can make writes fail (`OOM command not allowed`): noeviction, and volatile-* once no key has a TTL. */
export function writesFailWhenFull(policy: RedisEvictionPolicy): boolean {
  return !policy.startsWith('allkeys-');
}
