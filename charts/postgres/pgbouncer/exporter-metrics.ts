import { MetricSource } from '../../lib/metrics/source';

/** pgbouncer_exporter beside each PgBouncer (image in ../images.ts): SHOW POOLS, STATS, LISTS and CONFIG. */
export const PGBOUNCER_EXPORTER: MetricSource = {
  exporter: 'pgbouncer_exporter v0.10.0',
  checkedIn: 'prometheus-community/pgbouncer_exporter README.md (Metrics table), collector.go (SHOW LISTS)',
  names: [
    'pgbouncer_up',
    'pgbouncer_pools_client_active_connections',
    'pgbouncer_pools_client_waiting_connections',
    'pgbouncer_pools_client_maxwait_seconds',
    'pgbouncer_pools_server_active_connections',
    'pgbouncer_pools_server_idle_connections',
    'pgbouncer_stats_queries_pooled_total',
    'pgbouncer_stats_queries_duration_seconds_total',
    'pgbouncer_stats_sql_transactions_pooled_total',
    'pgbouncer_stats_client_wait_seconds_total',
    'pgbouncer_used_clients',
    'pgbouncer_config_max_client_connections',
  ],
};
