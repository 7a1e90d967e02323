import { PATHS, PostgresSettings } from './settings';

/**
 * postgresql.conf parameters: safe defaults, the backup wiring, then the spec's own values on
 * top. Patroni reads some parameters only from its DCS (the cluster-wide dynamic configuration):
 * those go to `bootstrap.dcs` and take effect when the cluster is created; the rest are local
 * and follow the spec on every rollout.
 */

/** Parameters Patroni takes only from the DCS; a local value would be ignored. */
export const DCS_PARAMETERS = [
  'hot_standby', 'max_connections', 'max_locks_per_transaction', 'max_prepared_transactions', 'max_replication_slots',
  'max_wal_senders', 'max_worker_processes', 'track_commit_timestamp', 'wal_keep_segments', 'wal_keep_size', 'wal_level',
] as const;

/** Parameters Patroni always sets from its own configuration; the spec may not set them. */
export const PATRONI_OWNED_PARAMETERS = ['listen_addresses', 'port', 'cluster_name', 'wal_log_hints', 'hba_file', 'ident_file', 'data_directory', 'config_file'] as const;

/** Parameters the backup settings own. */
export const BACKUP_OWNED_PARAMETERS = ['archive_mode', 'archive_command', 'restore_command'] as const;

/** Extensions that only load through shared_preload_libraries. */
const PRELOADED_EXTENSIONS = new Set(['timescaledb', 'pg_cron', 'pg_stat_statements', 'pgaudit', 'pg_partman_bgw']);

export type Parameters = Record<string, string | number>;

export interface SplitParameters {
  /** Cluster-wide, written to bootstrap.dcs.postgresql.parameters. */
  readonly dcs: Parameters;
  /** Per member, written to postgresql.parameters. */
  readonly local: Parameters;
}

export function postgresParameters(s: PostgresSettings): SplitParameters {
  const spec = s.spec.parameters ?? {};
  const walSenders = Math.max(10, s.members + 4);
  const defaults: Parameters = {
    wal_level: 'replica',
    hot_standby: 'on',
    max_connections: 100,
    max_wal_senders: walSenders,
    max_replication_slots: walSenders,
    wal_keep_size: '1GB',
    password_encryption: 'scram-sha-256',
    unix_socket_directories: PATHS.socketDir,
    // logs go to the container's stderr, where the cluster's log pipeline reads them
    logging_collector: 'off',
    log_destination: 'stderr',
    ...slotCap(s.spec.storage?.size),
    ...(s.spec.tls ? {
      ssl: 'on',
      ssl_cert_file: `${PATHS.tls}/tls.crt`,
      ssl_key_file: `${PATHS.tls}/tls.key`,
      ssl_min_protocol_version: 'TLSv1.2',
    } : {}),
    ...(s.backup ? {
      // "always": standbys archive the WAL they receive too. With "on" only the primary archives,
      // and a promoted standby never archives WAL it did not write itself: whatever the dead
      // primary had not pushed yet would be a hole in point-in-time recovery.
      archive_mode: 'always',
      archive_command: 'wal-g wal-push "%p"',
      // bounds the data lost with the primary's volume when writes are rare (RPO)
      archive_timeout: '300s',
    } : { archive_mode: 'off' }),
  };
  const merged: Parameters = { ...defaults, ...spec };
  const preload = preloadLibraries(s, spec.shared_preload_libraries);
  if (preload) merged.shared_preload_libraries = preload;
  const dcs: Parameters = {};
  const local: Parameters = {};
  for (const key of Object.keys(merged).sort()) {
    if ((DCS_PARAMETERS as readonly string[]).includes(key)) dcs[key] = merged[key];
    else local[key] = merged[key];
  }
  return { dcs, local };
}

/** pg_stat_statements always, plus the preload extensions the databases ask for, plus the spec's own list. */
function preloadLibraries(s: PostgresSettings, specValue: string | number | undefined): string {
  const libs = ['pg_stat_statements'];
  for (const db of Object.values(s.spec.databases ?? {})) {
    for (const ext of db.extensions ?? []) if (PRELOADED_EXTENSIONS.has(ext) && !libs.includes(ext)) libs.push(ext);
  }
  for (const lib of String(specValue ?? '').split(',').map((l) => l.trim()).filter(Boolean)) if (!libs.includes(lib)) libs.push(lib);
  return libs.join(',');
}

/**
 * A replication slot of a replica that stopped consuming keeps WAL forever and fills the
 * primary's volume; past a fifth of the volume the slot is invalidated and Patroni re-clones
 * that replica instead.
 */
function slotCap(size: string | undefined): Parameters {
  const mib = quantityToMiB(size);
  if (mib === undefined) return {};
  return { max_slot_wal_keep_size: `${Math.max(1024, Math.floor(mib / 5))}MB` };
}

const UNITS: Record<string, number> = {
  '': 1 / (1024 * 1024), k: 1000 / 1048576, M: 1e6 / 1048576, G: 1e9 / 1048576, T: 1e12 / 1048576, P: 1e15 / 1048576,
  Ki: 1 / 1024, Mi: 1, Gi: 1024, Ti: 1024 * 1024, Pi: 1024 * 1024 * 1024,
};

/** A Kubernetes storage quantity in MiB, or undefined when it is not one. */
export function quantityToMiB(q: string | undefined): number | undefined {
  const m = /^([0-9]+(?:\.[0-9]+)?)(Ki|Mi|Gi|Ti|Pi|k|M|G|T|P)?$/.exec(q ?? '');
  if (!m) return undefined;
  return Number(m[1]) * UNITS[m[2] ?? ''];
}
