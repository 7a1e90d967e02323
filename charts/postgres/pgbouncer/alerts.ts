import { AlertGroup } from '../../lib/monitoring';
import { PgBouncerSettings } from './settings';

export const MAX_WAIT_SECONDS = 5;
export const CLIENT_SATURATION_RATIO = 0.9;

/** Alerts on pgbouncer_exporter series for every pool of the cluster, selected by namespace and pod name. */
/** Label matchers of the pooler pods (read-write and read-only). */
export function poolerSelector(pb: PgBouncerSettings, namespace: string): string {
  return `namespace="${namespace}",pod=~"${pb.clusterName}-pooler(-ro)?-.+"`;
}

export function pgbouncerAlertGroups(pb: PgBouncerSettings, namespace: string): AlertGroup[] {
  const sel = poolerSelector(pb, namespace);
  const who = `PgBouncer of ${pb.clusterName} in ${namespace}`;
  return [{
    name: `pgbouncer-${pb.clusterName}`,
    rules: [
      {
        alert: 'PgBouncerDown',
        expr: `pgbouncer_up{${sel}} == 0`,
        for: '2m',
        severity: 'warning',
        summary: `${who}: {{ $labels.pod }} does not answer its exporter`,
        description: 'The exporter cannot query the PgBouncer console in its pod: PgBouncer is down or stuck. The other replicas keep serving; check the pod log.',
      },
      {
        alert: 'PgBouncerUnavailable',
        expr: `absent(pgbouncer_up{${sel}} == 1)`,
        for: '2m',
        severity: 'critical',
        summary: `${who}: no PgBouncer replica is up`,
        description: 'No pooler replica reports up: applications connecting through the pooler cannot reach the database. Check the Deployment, its pods and their events.',
      },
      {
        alert: 'PgBouncerClientsWaiting',
        expr: `max by (namespace, pod, database) (pgbouncer_pools_client_maxwait_seconds{${sel}}) > ${MAX_WAIT_SECONDS}`,
        for: '2m',
        severity: 'warning',
        summary: `${who}: clients of {{ $labels.database }} wait {{ $value | humanizeDuration }} for a server connection`,
        description: `Every server connection of the pool is busy (default_pool_size ${pb.defaultPoolSize}). Look for long transactions holding connections, or raise defaultPoolSize within the database's max_connections.`,
      },
      {
        alert: 'PgBouncerPoolSaturated',
        expr: `max by (namespace, pod, database, user) (pgbouncer_pools_server_active_connections{${sel}}) >= ${Math.max(1, Math.floor(pb.defaultPoolSize * 0.9))}`,
        for: '10m',
        severity: 'warning',
        summary: `${who}: pool {{ $labels.database }}/{{ $labels.user }} uses 90% of its ${pb.defaultPoolSize} server connections`,
        description: 'The pool has been close to default_pool_size for 10 minutes; the next burst makes clients wait.',
      },
      {
        alert: 'PgBouncerClientConnectionsHigh',
        expr: `max by (namespace, pod) (pgbouncer_used_clients{${sel}}) / max by (namespace, pod) (pgbouncer_config_max_client_connections{${sel}}) > ${CLIENT_SATURATION_RATIO}`,
        for: '5m',
        severity: 'warning',
        summary: `${who}: {{ $labels.pod }} holds {{ $value | humanizePercentage }} of max_client_conn`,
        description: `Past max_client_conn (${pb.maxClientConn}) new clients are refused. Add pooler replicas or raise maxClientConn.`,
      },
    ],
  }];
}
