import { MetricSource } from '../lib/metrics/source';

/** postgres_exporter beside each member (image in images.ts): default collectors plus the built-in pg_stat_replication and pg_stat_activity maps. */
export const POSTGRES_EXPORTER: MetricSource = {
  exporter: 'postgres_exporter v0.16.0',
  checkedIn: 'prometheus-community/postgres_exporter collector/{pg_replication,pg_stat_database,pg_database,pg_stat_archiver}.go, cmd/postgres_exporter/postgres_metrics.go',
  names: [
    'pg_up',
    'pg_replication_is_replica',
    'pg_replication_lag_seconds',
    'pg_stat_replication_pg_wal_lsn_diff',
    'pg_stat_activity_count',
    'pg_settings_max_connections',
    'pg_stat_archiver_archived_count',
    'pg_stat_archiver_failed_count',
    'pg_stat_database_numbackends',
    'pg_stat_database_xact_commit',
    'pg_stat_database_xact_rollback',
    'pg_stat_database_blks_hit',
    'pg_stat_database_blks_read',
    'pg_stat_database_deadlocks',
    'pg_stat_database_temp_bytes',
    'pg_database_size_bytes',
  ],
};
