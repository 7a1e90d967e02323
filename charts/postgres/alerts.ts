import { cronMaxGapMinutes } from '../lib/cron';
import { AlertGroup, AlertRule } from '../lib/monitoring';
import { BACKUP_DEADLINE_SECONDS } from './backup';
import { VOLUMES } from './containers';
import { PostgresSettings } from './settings';

/** Bytes of WAL a replica may be behind before the lag alert fires. */
export const REPLICATION_LAG_BYTES = 256 * 1024 * 1024;
export const CONNECTIONS_RATIO = 0.8;

/**
 * Alerts on postgres_exporter series (pg_up, the replication and stat_archiver collectors, the
 * built-in pg_stat_replication and pg_stat_activity maps), kubelet volume stats and
 * kube-state-metrics Jobs. Every expression selects this cluster by namespace and pod name.
 */
/** Label matchers of this cluster's members, and of their data volumes. */
export function postgresSelectors(s: PostgresSettings, namespace: string): { members: string; volumes: string } {
  return {
    members: `namespace="${namespace}",pod=~"${s.name}-[0-9]+"`,
    volumes: `namespace="${namespace}",persistentvolumeclaim=~"${VOLUMES.data}-${s.name}-[0-9]+"`,
  };
}

export function postgresAlertGroups(s: PostgresSettings, namespace: string, volumeRatio: number): AlertGroup[] {
  const { members: sel, volumes: pvc } = postgresSelectors(s, namespace);
  const who = `Postgres ${s.name} in ${namespace}`;

  const availability: AlertRule[] = [
    {
      alert: 'PostgresDown',
      expr: `pg_up{${sel}} == 0`,
      for: '1m',
      severity: 'critical',
      summary: `${who}: {{ $labels.pod }} does not answer`,
      description: 'The exporter beside the member cannot query PostgreSQL. On the primary, Patroni fails over once the leader lock expires; on a replica, reads through -ro lose a member. Check the postgres container log (Patroni and PostgreSQL).',
    },
    {
      alert: 'PostgresNoPrimary',
      expr: `absent(pg_replication_is_replica{${sel}} == 0)`,
      for: '2m',
      severity: 'critical',
      summary: `${who}: no member is running as primary`,
      description: `No member reports pg_is_in_recovery() = false: writes through ${s.names.primary} fail. Patroni may be electing a leader, no replica may be eligible (lag above maximum_lag_on_failover, or no synchronous standby), or the API server may be unreachable. Run patronictl list in a member pod.`,
    },
    {
      alert: 'PostgresFailover',
      expr: `sum(changes(pg_replication_is_replica{${sel}}[10m])) > 0`,
      severity: 'warning',
      summary: `${who}: a member changed role (failover or switchover)`,
      description: 'A member switched between primary and replica in the last 10 minutes. Expected during a planned switchover or rollout; otherwise find why the old primary lost the leader lock (node loss, OOM kill, API server outage) in the Patroni log.',
    },
  ];

  const replication: AlertRule[] = [
    {
      alert: 'PostgresReplicationLag',
      expr: `max by (namespace, pod, application_name) (pg_stat_replication_pg_wal_lsn_diff{${sel}}) > ${REPLICATION_LAG_BYTES}`,
      for: '5m',
      severity: 'warning',
      summary: `${who}: replica {{ $labels.application_name }} is {{ $value | humanize1024 }}B behind`,
      description: 'The primary sees this replica more than 256 MiB of WAL behind for 5 minutes. Reads through -ro are stale, and above maximum_lag_on_failover the replica cannot be promoted. Check the replica\'s disk and CPU and the network.',
    },
  ];
  if (s.members > 1) {
    replication.push({
      alert: 'PostgresReplicaNotStreaming',
      expr: `(count(pg_stat_replication_pg_wal_lsn_diff{${sel},state="streaming"}) or vector(0)) < ${s.members - 1}`,
      for: '10m',
      severity: 'warning',
      summary: `${who}: fewer than ${s.members - 1} replicas streaming from the primary`,
      description: 'A replica is down, still cloning, or cannot stream (slot invalidated after max_slot_wal_keep_size, authentication, network). Patroni re-clones a replica it cannot repair; see its log.',
    });
  }

  const capacity: AlertRule[] = [
    {
      alert: 'PostgresTooManyConnections',
      expr: `sum by (namespace, pod) (pg_stat_activity_count{${sel}}) / on (namespace, pod) max by (namespace, pod) (pg_settings_max_connections{${sel}}) > ${CONNECTIONS_RATIO}`,
      for: '5m',
      severity: 'warning',
      summary: `${who}: {{ $labels.pod }} uses {{ $value | humanizePercentage }} of max_connections`,
      description: 'Past max_connections new sessions are refused (only superuser slots remain). Route applications through PgBouncer or raise max_connections with patronictl edit-config (a restart-level, cluster-wide setting).',
    },
    {
      alert: 'PostgresVolumeFilling',
      expr: `kubelet_volume_stats_used_bytes{${pvc}} / kubelet_volume_stats_capacity_bytes{${pvc}} > ${volumeRatio}`,
      for: '5m',
      severity: 'warning',
      summary: `${who}: volume {{ $labels.persistentvolumeclaim }} is {{ $value | humanizePercentage }} full`,
      description: 'A full data volume stops PostgreSQL. Look for WAL kept by an inactive replication slot or a failing archive_command, then grow the PVC (the StorageClass must allow expansion).',
    },
    {
      alert: 'PostgresVolumeFullIn24h',
      expr: `predict_linear(kubelet_volume_stats_available_bytes{${pvc}}[6h], 24 * 3600) < 0 and kubelet_volume_stats_used_bytes{${pvc}} / kubelet_volume_stats_capacity_bytes{${pvc}} > 0.5`,
      for: '1h',
      severity: 'critical',
      summary: `${who}: volume {{ $labels.persistentvolumeclaim }} fills within a day at the current rate`,
      description: 'Free space is falling fast enough to run out within 24 hours. Find what writes (WAL retention, bulk loads, bloat) and grow the PVC before it fills.',
    },
  ];

  const groups: AlertGroup[] = [
    { name: `postgres-${s.name}-availability`, rules: availability },
    { name: `postgres-${s.name}-replication`, rules: replication },
    { name: `postgres-${s.name}-capacity`, rules: capacity },
  ];
  if (s.backup) {
    const backups: AlertRule[] = [
      {
        alert: 'PostgresWalArchivingFailing',
        expr: `increase(pg_stat_archiver_failed_count{${sel}}[15m]) > 0`,
        for: '10m',
        severity: 'critical',
        summary: `${who}: archive_command fails on {{ $labels.pod }}`,
        description: 'WAL-G cannot push WAL to the backup store: point-in-time recovery has a gap from now on, and unarchived WAL accumulates on the volume until it fills. Check the S3 credentials Secret, the bucket and the endpoint in the postgres container log; "cannot overwrite" there means this member holds a segment that differs from the archived one under the same name (members push the same segments and never overwrite one another).',
      },
      backupAge('PostgresBaseBackupTooOld', s.names.baseBackup, s.backup.schedule, namespace, `${who}: no successful base backup`,
        'The base backup CronJob has not succeeded for twice its schedule interval (or the interval plus the job deadline); a run succeeds only when the backup it started is listed in the store, so no new backup has reached the store: the restore window is not moving forward and WAL replay from the last backup grows. Read the latest job log (kubectl logs job/<name>), which shows the WAL-G output from the primary.'),
      ...(s.backup.logicalDumpSchedule ? [backupAge('PostgresLogicalDumpTooOld', s.names.logicalDump, s.backup.logicalDumpSchedule, namespace, `${who}: no successful logical dump`,
        'The pg_dumpall CronJob has not succeeded for twice its schedule interval. Read the latest job log; it shows pg_dumpall and the upload.')] : []),
    ];
    groups.push({ name: `postgres-${s.name}-backup`, rules: backups });
  }
  return groups;
}

/**
 * Fires when a backup CronJob's last success is older than twice the longest gap of its schedule
 * (or that gap plus the job deadline, for long jobs that make the next run skip), or when it was
 * created that long ago and never succeeded. kube-state-metrics series; a failed Job kept in
 * the history does not keep it firing once a later run succeeds.
 */
function backupAge(alert: string, cronJob: string, schedule: string, namespace: string, summary: string, description: string): AlertRule {
  const gap = cronMaxGapMinutes(schedule) * 60;
  const limit = Math.max(2 * gap, gap + BACKUP_DEADLINE_SECONDS);
  const sel = `namespace="${namespace}",cronjob="${cronJob}"`;
  const success = `max(kube_cronjob_status_last_successful_time{${sel}})`;
  return {
    alert,
    expr: `(time() - ${success} > ${limit}) or ((time() - max(kube_cronjob_created{${sel}}) > ${limit}) unless ${success} > 0)`,
    severity: 'warning',
    summary,
    description,
  };
}
