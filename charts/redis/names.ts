/**
 * Names derived only from `redis.name`, so that no other setting can rename a StatefulSet (which
 * would orphan its volumes). The client-facing ones (ports, Services) live in lib/redis-access.ts,
 * which the application services read too.
 */

export {
  headlessServiceName, instanceName, masterServiceName, REDIS_PORT, SENTINEL_PORT, sentinelServiceName, sentinelStatefulSetName,
} from '../lib/redis-access';
export const METRICS_PORT = 9121;

/** StatefulSet of the data pods `<name>-0..n-1`; pod 0 is the master of a fresh cluster. */
export function dataStatefulSetName(name: string): string {
  return name;
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
