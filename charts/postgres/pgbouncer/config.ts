import { PGBOUNCER_AUTH_FUNCTION } from '../bootstrap-sql';
import { POOLER_ADMIN_USER } from '../handover';
import { PGBOUNCER_AUTH_USER, PORTS } from '../settings';
import { PgBouncerSettings, PoolPlan, POOLER_PORTS, STATS_USER } from './settings';

/** Paths inside the PgBouncer pods. */
export const POOLER_PATHS = {
  config: '/etc/pgbouncer/config',
  secrets: '/etc/pgbouncer/secrets',
  /** In-memory emptyDir: the userlist and the stats password, written by the init container. */
  auth: '/run/pgbouncer-auth',
  /** The server certificate (`postgres.tls.certificateSecret`): tls.crt, tls.key. */
  tls: '/etc/pgbouncer/tls',
  /** The CA that signed it (`postgres.tls.caSecret`), as ca.crt. */
  ca: '/etc/pgbouncer/ca',
} as const;

/**
 * With `postgres.tls`: clients must use TLS, and PgBouncer uses TLS towards Postgres, verifying
 * the server's certificate against the pool's target Service name when it has the CA.
 */
export function pgbouncerTlsSettings(pb: PgBouncerSettings): Array<[string, string]> {
  if (!pb.tls) return [];
  return [
    ['client_tls_sslmode', 'require'],
    ['client_tls_cert_file', `${POOLER_PATHS.tls}/tls.crt`],
    ['client_tls_key_file', `${POOLER_PATHS.tls}/tls.key`],
    ['server_tls_sslmode', pb.tls.caSecret ? 'verify-full' : 'require'],
    ...(pb.tls.caSecret ? [['server_tls_ca_file', `${POOLER_PATHS.ca}/ca.crt`] as [string, string]] : []),
  ];
}

export const USERLIST_SCRIPT_KEY = 'build-userlist.sh';

/**
 * How fast a pool notices a primary that is gone and reaches the next one. The target is a
 * Service address: its endpoints follow Patroni's role label, so DNS never changes and plays no
 * part. What can hold writes back after a promotion:
 * - a server connection to a member whose node vanished: no FIN or RST ever comes, and the kernel
 *   retransmits for about 15 minutes; tcp_user_timeout and keepalives drop it within seconds;
 * - a connect to an address nobody answers (endpoints not updated yet): bounded by
 *   server_connect_timeout;
 * - a failed connect: for server_login_retry seconds PgBouncer refuses clients of that pool
 *   outright instead of trying again (the default 15 s is most of a failover's gap).
 */
export const FAILOVER_SETTINGS: Array<[string, number]> = [
  ['server_connect_timeout', 3],
  ['server_login_retry', 1],
  ['tcp_keepalive', 1],
  ['tcp_keepidle', 5],
  ['tcp_keepintvl', 1],
  ['tcp_keepcnt', 3],
  ['tcp_user_timeout', 5000],
];

/**
 * pgbouncer.ini of one pool. Every database name is forwarded to the pool's target Service
 * (`*`), so databases added later need no change here. No password is in this file: the
 * auth_file is built at pod start from the mounted Secrets.
 */
export function pgbouncerIni(pb: PgBouncerSettings, pool: PoolPlan): string {
  const settings: Array<[string, string | number]> = [
    ['listen_addr', '0.0.0.0'],
    ['listen_port', POOLER_PORTS.listen],
    // no unix socket: the root filesystem is read-only and nothing local connects
    ['unix_socket_dir', ''],
    ['auth_type', 'scram-sha-256'],
    ['auth_file', `${POOLER_PATHS.auth}/userlist.txt`],
    ...(pb.authMode === 'auth_query' ? [
      ['auth_user', PGBOUNCER_AUTH_USER],
      ['auth_query', `SELECT usename, passwd FROM ${PGBOUNCER_AUTH_FUNCTION}($1)`],
      ['auth_dbname', 'postgres'],
    ] as Array<[string, string]> : []),
    ['pool_mode', pb.poolMode],
    ['max_client_conn', pb.maxClientConn],
    ['default_pool_size', pb.defaultPoolSize],
    ['max_prepared_statements', pb.maxPreparedStatements],
    ['admin_users', POOLER_ADMIN_USER],
    ['stats_users', STATS_USER],
    // JDBC sends extra_float_digits at startup; PgBouncer would otherwise refuse the connection
    ['ignore_startup_parameters', 'extra_float_digits'],
    ...FAILOVER_SETTINGS,
    ...pgbouncerTlsSettings(pb),
    ['server_lifetime', 3600],
    ['server_idle_timeout', 600],
    // clients wait this long for a server connection: a paused pool or a failover in progress
    ['query_wait_timeout', 120],
  ];
  return [
    `;; Generated from the platform spec: the ${pool.kind} pool of ${pb.clusterName}, forwarding to ${pool.target}.`,
    '[databases]',
    `* = host=${pool.target} port=${PORTS.postgres}`,
    '',
    '[pgbouncer]',
    ...settings.map(([k, v]) => `${k} = ${v}`),
    '',
  ].join('\n');
}

/**
 * The auth_file from the Secret files mounted under /etc/pgbouncer/secrets (one file per user,
 * named after it; plain passwords, so PgBouncer can run SCRAM towards the server too), plus a
 * random password for the exporter's stats user, made once per pod.
 *
 *   build-userlist.sh          once, in the init container
 *   build-userlist.sh watch    in a sidecar: every WATCH_SECONDS rebuilds it from the Secret files
 *                              (the kubelet refreshes them after a rotation) and, when it changed,
 *                              sends PgBouncer SIGHUP, which reloads the auth_file (the pod shares
 *                              its process namespace for that)
 */
export const USERLIST_WATCH_SECONDS = 10;

export const BUILD_USERLIST_SH = `#!/bin/sh
set -eu
umask 077
out="${POOLER_PATHS.auth}"
build() {
  tmp="$out/userlist.txt.tmp"
  : > "$tmp"
  for f in ${POOLER_PATHS.secrets}/*; do
    [ -f "$f" ] || continue
    entry "$(basename "$f")" "$(cat "$f")"
  done
  if [ ! -s "$out/stats-password" ]; then
    od -An -N24 -tx1 /dev/urandom | tr -d ' \\n' > "$out/stats-password"
  fi
  entry "${STATS_USER}" "$(cat "$out/stats-password")"
}
entry() { printf '"%s" "%s"\\n' "$1" "$(printf '%s' "$2" | sed 's/"/""/g')" >> "$tmp"; }
# the pod's processes (its process namespace is shared)
proc=/proc
pgbouncer_pid() {
  for comm in "$proc"/[0-9]*/comm; do
    [ "$(cat "$comm" 2>/dev/null)" = pgbouncer ] && { pid="\${comm#"$proc"/}"; echo "\${pid%/comm}"; return 0; }
  done
  return 0
}
if [ "\${1:-}" != watch ]; then
  build
  mv "$tmp" "$out/userlist.txt"
  echo "userlist: $(wc -l < "$out/userlist.txt") users"
  exit 0
fi
trap 'exit 0' TERM INT
while true; do
  sleep ${USERLIST_WATCH_SECONDS} & wait $!
  build
  if cmp -s "$tmp" "$out/userlist.txt"; then rm -f "$tmp"; continue; fi
  mv "$tmp" "$out/userlist.txt"
  pid="$(pgbouncer_pid)"
  if [ -n "$pid" ] && kill -HUP "$pid"; then echo "userlist: a Secret changed; PgBouncer reloaded $(wc -l < "$out/userlist.txt") users"
  else echo "userlist: a Secret changed but PgBouncer was not found to reload" >&2; fi
done
`;

export function pgbouncerFiles(pb: PgBouncerSettings): Record<string, string> {
  const files: Record<string, string> = { [USERLIST_SCRIPT_KEY]: BUILD_USERLIST_SH };
  for (const pool of pb.pools) files[pool.configKey] = pgbouncerIni(pb, pool);
  return files;
}
