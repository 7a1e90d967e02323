import { RedisSpec } from '../spec';

/**
 * Names derived only from `redis.name`, so that no other setting can rename a StatefulSet (which
 * would orphan its volumes). Exported for the application services and the docs: clients connect
 * through Sentinel at `<name>-sentinel:26379` and ask it for the master of `masterSet`.
 */

export const REDIS_PORT = 6379;
export const SENTINEL_PORT = 26379;
export const METRICS_PORT = 9121;

export function instanceName(redis: RedisSpec): string {
  return redis.name ?? 'redis';
}

/** StatefulSet of the data pods `<name>-0..n-1`; pod 0 is the master of a fresh cluster. */
export function dataStatefulSetName(name: string): string {
  return name;
}

/** StatefulSet of the sentinel pods `<name>-sentinel-0..n-1`. */
export function sentinelStatefulSetName(name: string): string {
  return `${name}-sentinel`;
}

/** ClusterIP Service clients that speak the Sentinel protocol connect to. */
export function sentinelServiceName(name: string): string {
  return `${name}-sentinel`;
}

/** Headless Service giving every data and sentinel pod a stable DNS name. */
export function headlessServiceName(name: string): string {
  return `${name}-headless`;
}

export function configMapName(name: string): string {
  return `${name}-config`;
}

/** Longest `redis.name` for which every derived name and pod label stays within Kubernetes limits. */
export const MAX_NAME_LENGTH = 40;

/** Mount points inside the containers; the scripts default to these paths. */
export const MOUNTS = {
  /** ConfigMap: configuration templates and scripts (read-only). */
  config: '/opt/redis/config',
  /** PVC: Redis data (AOF, RDB, live redis.conf) or the sentinel's live sentinel.conf. */
  data: '/data',
  /** emptyDir scratch space, because the root filesystem is read-only. */
  tmp: '/tmp',
} as const;

/** File names inside the ConfigMap. */
export const FILES = {
  redisConf: 'redis.conf',
  sentinelConf: 'sentinel.conf',
  common: 'common.sh',
  startRedis: 'start-redis.sh',
  startSentinel: 'start-sentinel.sh',
  prestopRedis: 'prestop-redis.sh',
} as const;
