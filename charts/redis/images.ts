/**
 * Pinned images, overridable from the spec (`redis.image`, `redis.exporterImage`).
 * The official redis image runs as the `redis` user (uid/gid 999) and ships redis-server,
 * redis-sentinel, redis-cli, sh, sed, awk, getent and timeout, which the start scripts use.
 * The generated configuration only uses directives Redis 7.0 understands, so 7.0 and 7.2 both run it.
 */
/** 7.2.11 fixes CVE-2025-49844 (remote code execution through Lua) and the 7.2.6-7.2.10 bugs. */
export const REDIS_IMAGE = 'redis:7.2.11-bookworm';
export const REDIS_EXPORTER_IMAGE = 'oliver006/redis_exporter:v1.67.0';

/** uid and gid of the `redis` user in the official image. */
export const REDIS_UID = 999;

/**
 * HAProxy of the master proxy (`<name>-master`): 3.2 is the LTS line; the official image runs as
 * the `haproxy` user (uid/gid 99) and includes the Prometheus exporter service.
 */
export const HAPROXY_IMAGE = 'haproxy:3.2.6';
export const HAPROXY_UID = 99;
