import { DashboardSpec, resourcePanels } from '../../lib/dashboards';
import { poolerSelector } from './alerts';
import { PgBouncerSettings } from './settings';

/** The PgBouncer poolers in front of the cluster: waiting clients and pool use first, then throughput. */
export function pgbouncerDashboard(pb: PgBouncerSettings, namespace: string): DashboardSpec {
  const sel = poolerSelector(pb, namespace);
  return {
    component: 'pgbouncer',
    title: `PgBouncer ${pb.clusterName}`,
    description: `PgBouncer poolers of ${pb.clusterName} (read-write and read-only): clients waiting, pool use, query throughput and resources, from pgbouncer_exporter.`,
    rows: [
      {
        title: 'Pools',
        panels: [
          { title: 'Poolers up', description: 'Pooler pods whose exporter reaches the PgBouncer console.', unit: 'short', stat: true, queries: [{ expr: `sum(pgbouncer_up{${sel}})`, legend: 'up' }] },
          { title: 'Clients waiting', description: 'Clients queued for a server connection; sustained waiting means the pool is too small or queries too slow.', unit: 'short', stat: true, queries: [{ expr: `sum(pgbouncer_pools_client_waiting_connections{${sel}})`, legend: 'waiting' }] },
          { title: 'Longest wait', description: 'Age of the oldest unserved client.', unit: 's', stat: true, queries: [{ expr: `max(pgbouncer_pools_client_maxwait_seconds{${sel}})`, legend: 'max wait' }] },
          { title: 'Client connections / max_client_conn', description: 'Client connections per pooler against max_client_conn; past it new clients are refused.', unit: 'percentunit', stat: true, queries: [{ expr: `max(max by (pod) (pgbouncer_used_clients{${sel}}) / max by (pod) (pgbouncer_config_max_client_connections{${sel}}))`, legend: 'busiest pooler' }] },
          { title: `Server connections per pool (pool size ${pb.defaultPoolSize})`, description: 'Active and idle server connections per database and user; active at the pool size means clients queue.', unit: 'short', queries: [
            { expr: `sum by (database, user) (pgbouncer_pools_server_active_connections{${sel}})`, legend: '{{database}}/{{user}} active' },
            { expr: `sum by (database, user) (pgbouncer_pools_server_idle_connections{${sel}})`, legend: '{{database}}/{{user}} idle' },
          ] },
          { title: 'Client connections per pool', description: 'Active and waiting clients per database and user.', unit: 'short', queries: [
            { expr: `sum by (database, user) (pgbouncer_pools_client_active_connections{${sel}})`, legend: '{{database}}/{{user}} active' },
            { expr: `sum by (database, user) (pgbouncer_pools_client_waiting_connections{${sel}})`, legend: '{{database}}/{{user}} waiting' },
          ] },
        ],
      },
      {
        title: 'Throughput',
        panels: [
          { title: 'Queries and transactions per second', description: 'Pooled queries and transactions, per database.', unit: 'ops', queries: [
            { expr: `sum by (database) (rate(pgbouncer_stats_queries_pooled_total{${sel}}[$__rate_interval]))`, legend: '{{database}} queries' },
            { expr: `sum by (database) (rate(pgbouncer_stats_sql_transactions_pooled_total{${sel}}[$__rate_interval]))`, legend: '{{database}} transactions' },
          ] },
          { title: 'Average query time', description: 'Seconds spent in queries per pooled query.', unit: 's', queries: [{ expr: `sum by (database) (rate(pgbouncer_stats_queries_duration_seconds_total{${sel}}[$__rate_interval])) / sum by (database) (rate(pgbouncer_stats_queries_pooled_total{${sel}}[$__rate_interval]))`, legend: '{{database}}' }] },
          { title: 'Client wait time per second', description: 'Seconds clients spent waiting for a server connection, per second of wall time.', unit: 's', queries: [{ expr: `sum by (database) (rate(pgbouncer_stats_client_wait_seconds_total{${sel}}[$__rate_interval]))`, legend: '{{database}}' }] },
        ],
      },
      { title: 'Resources', panels: resourcePanels(sel) },
    ],
  };
}
