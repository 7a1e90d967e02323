import { RedisSettings } from './settings';

/**
 * redis.conf and sentinel.conf templates. They hold everything the spec decides; what only the
 * pod knows at start (its address, the current master, the password) is filled in by the start
 * scripts: `@NAME@` placeholders are replaced, and the password and replicaof lines are appended,
 * so no password ever reaches the ConfigMap. Only directives Redis 7.0 understands are used.
 */

/** Placeholders the start scripts replace (see common.sh `render`). */
export const PLACEHOLDERS = ['BIND_ADDRESS', 'REDIS_PORT', 'SENTINEL_PORT', 'DATA_DIR', 'ANNOUNCE_HOST', 'MASTER_HOST', 'MASTER_PORT'] as const;

/** Seconds a replica may lag before it stops counting for min-replicas-to-write. */
export const MIN_REPLICAS_MAX_LAG_SECONDS = 10;

export function redisConfTemplate(s: RedisSettings): string {
  const lines = [
    '# Redis data pod configuration. start-redis.sh fills in the @...@ placeholders and appends',
    '# the announced address, the password and, on replicas, the replicaof line.',
    '# Sentinel changes the role at run time and records it here with CONFIG REWRITE.',
    'bind @BIND_ADDRESS@',
    'port @REDIS_PORT@',
    // every client must authenticate (requirepass), so protected mode has nothing left to add
    'protected-mode no',
    'dir @DATA_DIR@',
    'daemonize no',
    'logfile ""',
    '',
    '# Persistence',
    `appendonly ${s.appendOnly ? 'yes' : 'no'}`,
    'appendfsync everysec',
    s.save.length > 0 ? `save ${s.save.map((p) => p.trim().split(/\s+/).join(' ')).join(' ')}` : 'save ""',
    '',
    '# Memory',
    ...(s.maxmemory ? [`maxmemory ${s.maxmemory}`] : []),
    `maxmemory-policy ${s.evictionPolicy}`,
    '',
    '# Replication',
    'replica-serve-stale-data yes',
    'replica-read-only yes',
    'repl-diskless-sync yes',
    ...(s.minReplicasToWrite > 0
      ? [`min-replicas-to-write ${s.minReplicasToWrite}`, `min-replicas-max-lag ${MIN_REPLICAS_MAX_LAG_SECONDS}`]
      : []),
  ];
  return lines.join('\n') + '\n';
}

export function sentinelConfTemplate(s: RedisSettings): string {
  const set = s.masterSet;
  const lines = [
    '# Sentinel configuration. start-sentinel.sh fills in the @...@ placeholders (this pod\'s',
    '# address and the current master), appends the password lines and the state Sentinel',
    '# persisted on its volume (its id, epochs, known replicas and sentinels).',
    'bind @BIND_ADDRESS@',
    'port @SENTINEL_PORT@',
    'protected-mode no',
    'dir @DATA_DIR@',
    'daemonize no',
    'logfile ""',
    // hostnames must be enabled before the monitor line is read
    'sentinel resolve-hostnames yes',
    'sentinel announce-hostnames yes',
    'sentinel announce-ip @ANNOUNCE_HOST@',
    'sentinel announce-port @SENTINEL_PORT@',
    'sentinel deny-scripts-reconfig yes',
    `sentinel monitor ${set} @MASTER_HOST@ @MASTER_PORT@ ${s.quorum}`,
    `sentinel down-after-milliseconds ${set} ${s.downAfterMilliseconds}`,
    `sentinel failover-timeout ${set} ${s.failoverTimeout}`,
    `sentinel parallel-syncs ${set} ${s.parallelSyncs}`,
  ];
  return lines.join('\n') + '\n';
}
