import { DashboardSpec, resourcePanels } from '../lib/dashboards';
import { postgresSelectors } from './alerts';
import { PostgresSettings } from './settings';

/** The Postgres cluster: roles and replication first (what failover depends on), then load, then resources. */
export function postgresDashboard(s: PostgresSettings, namespace: string): DashboardSpec {
  const { members, volumes } = postgresSelectors(s, namespace);
  return {
    component: 'postgres',
    title: `Postgres ${s.name}`,
    description: `Patroni cluster ${s.name}: roles, replication, connections, transactions, WAL archiving and resources, from postgres_exporter beside each member.`,
    rows: [
      {
        title: 'Availability and roles',
        panels: [
          { title: 'Members up', description: 'Members whose exporter can query PostgreSQL.', unit: 'short', stat: true, queries: [{ expr: `sum(pg_up{${members}})`, legend: 'up' }] },
          { title: 'Primaries', description: 'Members not in recovery; exactly 1 is healthy.', unit: 'short', stat: true, queries: [{ expr: `count(pg_replication_is_replica{${members}} == 0)`, legend: 'primaries' }] },
          { title: 'Replicas streaming', description: 'Replicas the primary streams WAL to.', unit: 'short', stat: true, queries: [{ expr: `count(pg_stat_replication_pg_wal_lsn_diff{${members},state="streaming"})`, legend: 'streaming' }] },
          { title: 'Failed WAL archives (1 h)', description: 'archive_command failures; above 0 the point-in-time recovery has a gap.', unit: 'short', stat: true, queries: [{ expr: `sum(increase(pg_stat_archiver_failed_count{${members}}[1h]))`, legend: 'failed' }] },
          { title: 'Role per member', description: '1 = replica, 0 = primary; a step is a failover or switchover.', unit: 'short', queries: [{ expr: `max by (pod) (pg_replication_is_replica{${members}})`, legend: '{{pod}}' }] },
          { title: 'Replication lag (bytes)', description: 'WAL bytes each replica is behind, as the primary sees it.', unit: 'bytes', queries: [{ expr: `max by (application_name) (pg_stat_replication_pg_wal_lsn_diff{${members}})`, legend: '{{application_name}}' }] },
          { title: 'Replay lag (seconds)', description: 'Time since the last replayed transaction on each replica (grows on an idle primary too).', unit: 's', queries: [{ expr: `max by (pod) (pg_replication_lag_seconds{${members}})`, legend: '{{pod}}' }] },
        ],
      },
      {
        title: 'Load',
        panels: [
          { title: 'Connections / max_connections', description: 'Sessions per member against max_connections; past it new sessions are refused.', unit: 'percentunit', queries: [{ expr: `sum by (pod) (pg_stat_activity_count{${members}}) / on (pod) max by (pod) (pg_settings_max_connections{${members}})`, legend: '{{pod}}' }] },
          { title: 'Transactions per second', description: 'Commits and rollbacks, all databases.', unit: 'ops', queries: [
            { expr: `sum by (pod) (rate(pg_stat_database_xact_commit{${members}}[$__rate_interval]))`, legend: '{{pod}} commit' },
            { expr: `sum by (pod) (rate(pg_stat_database_xact_rollback{${members}}[$__rate_interval]))`, legend: '{{pod}} rollback' },
          ] },
          { title: 'Cache hit ratio', description: 'Share of block reads served from shared_buffers.', unit: 'percentunit', queries: [{ expr: `sum by (pod) (rate(pg_stat_database_blks_hit{${members}}[$__rate_interval])) / (sum by (pod) (rate(pg_stat_database_blks_hit{${members}}[$__rate_interval])) + sum by (pod) (rate(pg_stat_database_blks_read{${members}}[$__rate_interval])))`, legend: '{{pod}}' }] },
          { title: 'Deadlocks and temp files', description: 'Deadlocks per second and bytes spilled to temporary files per second.', unit: 'short', queries: [
            { expr: `sum by (pod) (rate(pg_stat_database_deadlocks{${members}}[$__rate_interval]))`, legend: '{{pod}} deadlocks/s' },
            { expr: `sum by (pod) (rate(pg_stat_database_temp_bytes{${members}}[$__rate_interval]))`, legend: '{{pod}} temp bytes/s' },
          ] },
          { title: 'Database size', description: 'Size of each database on the primary.', unit: 'bytes', queries: [{ expr: `max by (datname) (pg_database_size_bytes{${members}})`, legend: '{{datname}}' }] },
          { title: 'WAL archived per second', description: 'Segments archive_command pushed to the backup store.', unit: 'ops', queries: [{ expr: `sum by (pod) (rate(pg_stat_archiver_archived_count{${members}}[$__rate_interval]))`, legend: '{{pod}}' }] },
        ],
      },
      { title: 'Resources', panels: resourcePanels(members, volumes) },
    ],
  };
}
