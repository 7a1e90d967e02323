import { RedisSpec } from '../spec';

/**
 * How clients reach Redis: the Services and ports the Redis chart creates and the application
 * services connect to. Clients that speak Sentinel ask `<name>-sentinel:26379` (or each sentinel
 * pod) for the master of the master set; the others connect to `<name>-master:6379`.
 */

export const REDIS_PORT = 6379;
export const SENTINEL_PORT = 26379;
export const DEFAULT_MASTER_SET = 'mymaster';
export const DEFAULT_SENTINELS = 3;

export function instanceName(redis: RedisSpec): string {
  return redis.name ?? 'redis';
}

export function sentinelsOf(redis: RedisSpec): number {
  return redis.sentinels ?? DEFAULT_SENTINELS;
}

export function masterSetOf(redis: RedisSpec): string {
  return redis.masterSet ?? DEFAULT_MASTER_SET;
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

/** ClusterIP Service of the master proxy: always the current master, for clients without Sentinel support. */
export function masterServiceName(name: string): string {
  return `${name}-master`;
}

/** The master proxy runs unless the spec turns it off. */
export function masterProxyEnabled(redis: RedisSpec): boolean {
  return redis.masterProxy?.enabled ?? true;
}
