import { stringify } from 'yaml';
import { handoverCommand } from './containers';
import { pgHba } from './hba';
import { postgresParameters } from './parameters';
import { scriptPath, SCRIPT_FILES } from './scripts';
import {
  PATHS, PATRONI_LABELS, PORTS, PostgresSettings, REPLICATION_USER, ROLE_LABEL, ROLE_VALUES, SCOPE_LABEL, SUPERUSER,
} from './settings';

/**
 * patroni.yml. Everything that differs per pod or is secret comes from Patroni's own
 * environment variables (PATRONI_NAME, PATRONI_KUBERNETES_POD_IP, PATRONI_*_PASSWORD, ...), so
 * the file is the same on every member and can be run unchanged elsewhere: a harness replaces
 * the `kubernetes` section (the DCS) and maps `bin_dir` to local binaries.
 */
export const PATRONI_TIMINGS = { ttl: 30, loop_wait: 10, retry_timeout: 10 } as const;
/** A replica further behind than this (bytes) is never promoted automatically. */
export const MAXIMUM_LAG_ON_FAILOVER = 32 * 1024 * 1024;

export function patroniConfig(s: PostgresSettings): Record<string, unknown> {
  const params = postgresParameters(s);
  return {
    scope: s.name,
    restapi: {
      listen: `0.0.0.0:${PORTS.patroni}`,
      // connect_address and the credentials of unsafe endpoints come from the environment
    },
    kubernetes: {
      // ConfigMap mode, like Spilo: leader lock and cluster state live in <scope>-* ConfigMaps
      use_endpoints: false,
      labels: { ...PATRONI_LABELS },
      scope_label: SCOPE_LABEL,
      role_label: ROLE_LABEL,
      leader_label_value: ROLE_VALUES.primary,
      follower_label_value: ROLE_VALUES.replica,
      standby_leader_label_value: ROLE_VALUES.primary,
    },
    bootstrap: {
      dcs: {
        ...PATRONI_TIMINGS,
        maximum_lag_on_failover: MAXIMUM_LAG_ON_FAILOVER,
        // a primary that cannot reach the API server keeps serving while it still reaches every member
        failsafe_mode: true,
        synchronous_mode: s.synchronous,
        ...(s.synchronous ? { synchronous_mode_strict: false, synchronous_node_count: 1 } : {}),
        postgresql: {
          use_pg_rewind: true,
          use_slots: true,
          parameters: params.dcs,
        },
      },
      initdb: [{ encoding: 'UTF8' }, { locale: 'C.UTF-8' }, 'data-checksums'],
      // run through sh: ConfigMap files are not executable
      post_bootstrap: `/bin/sh ${scriptPath(SCRIPT_FILES.postBootstrap)}`,
    },
    postgresql: {
      listen: `0.0.0.0:${PORTS.postgres}`,
      data_dir: PATHS.dataDir,
      bin_dir: s.binDir,
      pgpass: PATHS.pgpass,
      use_unix_socket: true,
      authentication: {
        superuser: { username: SUPERUSER },
        replication: { username: REPLICATION_USER },
      },
      parameters: params.local,
      pg_hba: pgHba(s),
      create_replica_methods: ['basebackup'],
      basebackup: [{ checkpoint: 'fast' }],
      ...(s.backup ? { recovery_conf: { restore_command: 'wal-g wal-fetch "%f" "%p"' } } : {}),
      // a member that becomes primary resumes the PgBouncer pools (a handover paused them)
      ...(s.spec.pgbouncer ? { callbacks: { on_start: handoverCommand().join(' '), on_role_change: handoverCommand().join(' ') } } : {}),
    },
    // containers have no /dev/watchdog; fencing relies on the leader lock TTL
    watchdog: { mode: 'off' },
    tags: { nofailover: false, noloadbalance: false, clonefrom: false, nosync: false },
  };
}

/** YAML 1.1 rules, as Patroni's PyYAML reads them: `on`/`off`/`yes` come out quoted, so they stay strings. */
export function patroniYaml(s: PostgresSettings): string {
  return `# Generated from the platform spec. Per-pod values and secrets come from PATRONI_* environment variables.\n${stringify(patroniConfig(s), { lineWidth: 0, version: '1.1' })}`;
}
