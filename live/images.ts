import * as fs from 'fs';

/**
 * The one place where an image stands in for something local: which Debian binaries play the
 * image's programs, at which paths the image has them, its default ENTRYPOINT/CMD/PATH/WORKDIR
 * and its users. Nothing else about a pod is invented: command, args, env, volumes, probes and
 * security context come from the manifests unchanged.
 */
export interface ImageMapping {
  /** Matches the image reference without its tag or digest, e.g. /(^|\/)redis$/. */
  readonly repository: RegExp;
  /** What stands in for the image, for README tables and error messages. */
  readonly description: string;
  /** Image ENTRYPOINT, used when the container has no `command`. @default none */
  readonly entrypoint?: string[];
  /** Image CMD, used when the container has neither `command` nor `args`. @default none */
  readonly cmd?: string[];
  /** Image PATH. @default Debian's default PATH */
  readonly path?: string;
  /** Image WORKDIR. @default "/" */
  readonly workingDir?: string;
  /** Image USER as uid:gid, used when the securityContext sets none. @default 0:0 */
  readonly user?: [number, number];
  /** Image environment (ENV lines), applied before the container's env. @default none */
  readonly env?: Record<string, string>;
  /** Path inside the image -> local binary: created as symlinks in the container's root. @default none */
  readonly links?: Record<string, string>;
  /** Small files the stand-in needs inside the container (wrappers, stubs), by path. @default none */
  readonly files?: Record<string, { readonly content: string; readonly mode: number }>;
  /** /etc/passwd and /etc/group lines the image has and Debian may not. @default none */
  readonly passwd?: string[];
  readonly group?: string[];
  /** Local files the stand-in needs, with the Debian package that has them; checked before a pod starts. @default none */
  readonly requires?: Record<string, string>;
  /**
   * The container is not run: the local machine has no stand-in and nothing the scenarios check
   * depends on it (metrics exporters). Its readiness is reported as "not run", never as ready.
   * @default the container runs
   */
  readonly notRun?: string;
}

const DEBIAN_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
const PG_BIN = '/usr/lib/postgresql/15/bin';

/**
 * Spilo's WAL-G: there is no object store in the live tests, so the stand-in archives nothing
 * and finds nothing (exit 1, what WAL-G answers for a missing WAL file). archive_command then
 * keeps retrying, restore_command falls back to streaming, as with an empty archive.
 */
const WAL_G_STUB = `#!/bin/sh
echo "wal-g (live-test stand-in, no object store): $* not done" >&2
exit 1
`;

/**
 * Debian bookworm has PgBouncer 1.18; the image has 1.24. 1.18 refuses to start on settings it
 * does not know, so the stand-in drops the lines that only newer versions understand (listed,
 * and reported on stderr) from a copy of the ini and runs 1.18 on that copy. Everything else in
 * the ini is used unchanged.
 */
export const PGBOUNCER_NEWER_SETTINGS = [
  'max_prepared_statements', 'auth_dbname', 'track_extra_parameters', 'scram_iterations', 'peer_id',
  'max_user_client_connections', 'max_db_client_connections', 'client_tls13_ciphers', 'server_tls13_ciphers',
];
const PGBOUNCER_WRAPPER = `#!/bin/sh
# live-test stand-in for the image's pgbouncer 1.24: Debian's 1.18 on a copy of the ini without
# the settings 1.18 does not know.
for ini; do :; done
case "$ini" in
  *.ini)
    copy=/dev/shm/pgbouncer-live-compat.ini
    pattern='^[[:space:]]*(${PGBOUNCER_NEWER_SETTINGS.join('|')})[[:space:]]*='
    grep -E "$pattern" "$ini" | sed 's/^/pgbouncer (live-test stand-in): dropped for PgBouncer 1.18: /' >&2
    grep -vE "$pattern" "$ini" > "$copy"
    n=$#; i=0
    for a; do i=$((i + 1)); if [ "$i" -lt "$n" ]; then set -- "$@" "$a"; fi; done
    shift "$n"
    exec /usr/sbin/pgbouncer "$@" "$copy" ;;
esac
exec /usr/sbin/pgbouncer "$@"
`;

export const IMAGE_MAPPINGS: readonly ImageMapping[] = [
  {
    repository: /(^|\/)redis$/,
    description: 'official redis image -> Debian redis-server 7.0 / redis-sentinel / redis-cli',
    entrypoint: ['docker-entrypoint.sh'],
    cmd: ['redis-server'],
    path: DEBIAN_PATH,
    workingDir: '/data',
    user: [999, 999],
    links: {
      '/usr/local/bin/redis-server': '/usr/bin/redis-server',
      '/usr/local/bin/redis-sentinel': '/usr/bin/redis-server',
      '/usr/local/bin/redis-cli': '/usr/bin/redis-cli',
      '/usr/local/bin/redis-check-aof': '/usr/bin/redis-check-aof',
      '/usr/local/bin/redis-check-rdb': '/usr/bin/redis-check-rdb',
      '/usr/local/bin/docker-entrypoint.sh': '/usr/bin/env',
    },
    requires: { '/usr/bin/redis-server': 'redis-server', '/usr/bin/redis-cli': 'redis-tools', '/usr/bin/redis-sentinel': 'redis-sentinel' },
    passwd: ['redis:x:999:999::/home/redis:/usr/sbin/nologin'],
    group: ['redis:x:999:'],
  },
  {
    repository: /(^|\/)nats$/,
    description: 'official nats image -> Debian nats-server 2.9',
    entrypoint: ['/nats-server'],
    cmd: ['--config', 'nats-server.conf'],
    path: DEBIAN_PATH,
    links: {
      '/nats-server': '/usr/sbin/nats-server',
      '/usr/local/bin/nats-server': '/usr/sbin/nats-server',
      '/usr/local/bin/docker-entrypoint.sh': '/usr/bin/env',
    },
    requires: { '/usr/sbin/nats-server': 'nats-server' },
  },
  {
    repository: /(^|\/)spilo-\d+$/,
    description: 'Spilo (Patroni + Postgres) -> Debian patroni 3.0 + PostgreSQL 15 (same bin_dir as Spilo)',
    entrypoint: ['/bin/sh', '/launch.sh', 'init'],
    path: `${PG_BIN}:${DEBIAN_PATH}`,
    workingDir: '/home/postgres',
    user: [101, 103],
    links: { '/usr/local/bin/patroni': '/usr/bin/patroni', '/usr/local/bin/patronictl': '/usr/bin/patronictl' },
    files: { '/usr/local/bin/wal-g': { content: WAL_G_STUB, mode: 0o755 } },
    requires: { '/usr/bin/patroni': 'patroni', [`${PG_BIN}/postgres`]: 'postgresql-15', [`${PG_BIN}/psql`]: 'postgresql-client-15', [`${PG_BIN}/pg_rewind`]: 'postgresql-15' },
    passwd: ['postgres:x:101:103::/home/postgres:/bin/bash'],
    group: ['postgres:x:103:'],
  },
  {
    repository: /pgbouncer$/,
    description: 'pgbouncer image (1.24) -> Debian pgbouncer 1.18 through a wrapper that drops settings newer than 1.18',
    path: DEBIAN_PATH,
    files: {
      '/usr/local/bin/pgbouncer': { content: PGBOUNCER_WRAPPER, mode: 0o755 },
      '/usr/bin/pgbouncer': { content: PGBOUNCER_WRAPPER, mode: 0o755 },
    },
    requires: { '/usr/sbin/pgbouncer': 'pgbouncer' },
  },
  {
    repository: /exporter$/,
    description: 'Prometheus exporter sidecar',
    notRun: 'metrics exporter: not installed on CI and no scenario reads its metrics',
  },
];

/** The mapping for an image reference; throws naming the image when there is none. */
export function imageMapping(image: string): ImageMapping {
  const repo = repository(image);
  const hit = IMAGE_MAPPINGS.find((m) => m.repository.test(repo));
  if (!hit) {
    throw new Error(`no local stand-in for image "${image}" (repository "${repo}"): add an entry to IMAGE_MAPPINGS in live/images.ts and to the mapping table in live/README.md`);
  }
  for (const [file, pkg] of Object.entries(hit.requires ?? {})) {
    if (!fs.existsSync(file)) throw new Error(`image "${image}" is played by ${file}, which is not installed: apt-get install -y ${pkg} (the live tests run real binaries and never skip)`);
  }
  return hit;
}

/** "ghcr.io/zalando/spilo-15:3.0-p1" -> "ghcr.io/zalando/spilo-15". */
export function repository(image: string): string {
  const noDigest = image.split('@')[0];
  const colon = noDigest.lastIndexOf(':');
  return colon > noDigest.lastIndexOf('/') ? noDigest.slice(0, colon) : noDigest;
}

export const DEFAULT_PATH = DEBIAN_PATH;
