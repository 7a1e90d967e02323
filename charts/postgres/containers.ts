import { k8s } from '../lib/k8s';
import { execProbe, httpProbe, startupOf, tcpProbe } from '../lib/probes';
import { resources } from '../lib/resources';
import { containerSecurityContext } from '../lib/security';
import { localSuperuserEnv, walgEnv } from './backup-env';
import { HANDOVER_FILE, POOLER_ADMIN_PASSWORD_ENV } from './handover';
import { primaryPoolOf } from './pgbouncer/settings';
import { scriptPath } from './scripts';
import {
  BACKUP_SIDECAR_RESOURCES, EXPORTER_RESOURCES, EXPORTER_USER, PATHS, PGBOUNCER_AUTH_USER, PORTS, POSTGRES_RESOURCES, PostgresSettings,
} from './settings';

/** Volume names of the member pod. */
export const VOLUMES = {
  data: 'data',
  config: 'patroni-config',
  rolePasswords: 'role-passwords',
  initSql: 'init-sql',
  tmp: 'tmp',
  socket: 'socket',
  shm: 'shm',
  tls: 'tls',
} as const;

/** The Patroni REST API user for unsafe endpoints (switchover, restart, reinitialize, config). */
export const RESTAPI_USER = 'patroni';

export const CONTAINER_NAMES = { postgres: 'postgres', backup: 'backup', exporter: 'exporter' } as const;

type PullPolicy = string | undefined;

function secretEnv(name: string, ref: { name: string; key: string }): k8s.EnvVar {
  return { name, valueFrom: { secretKeyRef: { name: ref.name, key: ref.key } } };
}

function fieldEnv(name: string, fieldPath: string): k8s.EnvVar {
  return { name, valueFrom: { fieldRef: { fieldPath } } };
}

/** The command of the preStop hook and of Patroni's role callbacks (which append action, role and scope). */
export function handoverCommand(): string[] {
  return ['python3', scriptPath(HANDOVER_FILE)];
}

/**
 * Patroni itself: `patroni /etc/patroni/patroni.yml`, nothing else. Readiness is Patroni's
 * /readiness (leader, or a running replica), so the -rw/-ro Services only route to members that
 * can serve; liveness is /liveness, which fails only when Patroni's loop is stuck. Before the
 * container stops (rollout, drain, scale-down), the preStop switches a leader over to a replica.
 */
export function postgresContainer(s: PostgresSettings, pullPolicy: PullPolicy): k8s.Container {
  const pg = s.spec;
  const pool = primaryPoolOf(pg);
  return {
    name: CONTAINER_NAMES.postgres,
    image: s.image,
    imagePullPolicy: pullPolicy,
    command: ['patroni', PATHS.configFile],
    ports: [
      { name: 'postgresql', containerPort: PORTS.postgres, protocol: 'TCP' },
      { name: 'patroni', containerPort: PORTS.patroni, protocol: 'TCP' },
    ],
    env: [
      fieldEnv('PATRONI_NAME', 'metadata.name'),
      fieldEnv('PATRONI_KUBERNETES_NAMESPACE', 'metadata.namespace'),
      fieldEnv('PATRONI_KUBERNETES_POD_IP', 'status.podIP'),
      fieldEnv('POD_IP', 'status.podIP'),
      { name: 'PATRONI_POSTGRESQL_CONNECT_ADDRESS', value: `$(POD_IP):${PORTS.postgres}` },
      { name: 'PATRONI_RESTAPI_CONNECT_ADDRESS', value: `$(POD_IP):${PORTS.patroni}` },
      secretEnv('PATRONI_SUPERUSER_PASSWORD', pg.superuserSecret),
      secretEnv('PATRONI_REPLICATION_PASSWORD', pg.replicationSecret),
      ...restApiEnv(s),
      ...(pool ? [secretEnv(POOLER_ADMIN_PASSWORD_ENV, pool.adminSecret)] : []),
      ...walgEnv(s),
    ],
    lifecycle: { preStop: { exec: { command: [...handoverCommand(), 'pre-stop'] } } },
    resources: resources(pg.resources, POSTGRES_RESOURCES),
    securityContext: containerSecurityContext(),
    startupProbe: startupOf(tcpProbe(PORTS.patroni), 10),
    readinessProbe: httpProbe('/readiness', PORTS.patroni, { periodSeconds: 5, timeoutSeconds: 3, failureThreshold: 3 }),
    livenessProbe: httpProbe('/liveness', PORTS.patroni, { periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 6 }),
    volumeMounts: [
      { name: VOLUMES.data, mountPath: PATHS.volume },
      { name: VOLUMES.config, mountPath: PATHS.configDir, readOnly: true },
      ...rolePasswordMounts(),
      ...(pg.initSqlConfigMap ? [{ name: VOLUMES.initSql, mountPath: PATHS.initSqlDir, readOnly: true }] : []),
      { name: VOLUMES.tmp, mountPath: PATHS.tmp },
      { name: VOLUMES.socket, mountPath: PATHS.socketDir },
      { name: VOLUMES.shm, mountPath: '/dev/shm' },
      ...(pg.tls ? [{ name: VOLUMES.tls, mountPath: PATHS.tls, readOnly: true }] : []),
    ],
  };
}

/**
 * Idle sidecar the backup CronJobs `kubectl exec` into on the primary: WAL-G must read the data
 * directory, and running it here keeps its memory out of the postgres container's limit (an
 * out-of-memory kill there would take the primary down). It waits for signals only.
 */
export function backupContainer(s: PostgresSettings, pullPolicy: PullPolicy): k8s.Container {
  const alwaysReady = execProbe(['/bin/true'], { periodSeconds: 30 });
  return {
    name: CONTAINER_NAMES.backup,
    image: s.image,
    imagePullPolicy: pullPolicy,
    command: ['/bin/sh', '-c', 'trap "exit 0" TERM INT; while true; do sleep 3600 & wait $!; done'],
    env: [...walgEnv(s), ...localSuperuserEnv(s), { name: 'HOME', value: PATHS.tmp }],
    resources: resources(undefined, BACKUP_SIDECAR_RESOURCES),
    securityContext: containerSecurityContext(),
    // the pod's readiness must not depend on this container
    readinessProbe: alwaysReady,
    livenessProbe: alwaysReady,
    volumeMounts: [
      { name: VOLUMES.data, mountPath: PATHS.volume },
      { name: VOLUMES.config, mountPath: PATHS.configDir, readOnly: true },
      { name: VOLUMES.tmp, mountPath: PATHS.tmp },
      { name: VOLUMES.socket, mountPath: PATHS.socketDir },
    ],
  };
}

/** postgres_exporter on localhost, as the pg_monitor role the bootstrap (and every reconcile) creates. */
export function exporterContainer(s: PostgresSettings, pullPolicy: PullPolicy): k8s.Container {
  return {
    name: CONTAINER_NAMES.exporter,
    image: s.exporterImage,
    imagePullPolicy: pullPolicy,
    args: [`--web.listen-address=:${PORTS.metrics}`],
    ports: [{ name: 'http-metrics', containerPort: PORTS.metrics, protocol: 'TCP' }],
    env: [
      { name: 'DATA_SOURCE_URI', value: `localhost:${PORTS.postgres}/postgres?sslmode=disable` },
      { name: 'DATA_SOURCE_USER', value: EXPORTER_USER },
      secretEnv('DATA_SOURCE_PASS', s.exporterSecret),
    ],
    resources: resources(undefined, EXPORTER_RESOURCES),
    securityContext: containerSecurityContext(),
    readinessProbe: tcpProbe(PORTS.metrics),
    livenessProbe: tcpProbe(PORTS.metrics, { failureThreshold: 6 }),
  };
}


/** Credentials of Patroni's REST API for the unsafe endpoints (switchover, config, restart). */
export function restApiEnv(s: PostgresSettings): k8s.EnvVar[] {
  return [{ name: 'PATRONI_RESTAPI_USERNAME', value: RESTAPI_USER }, secretEnv('PATRONI_RESTAPI_PASSWORD', s.restApiSecret)];
}

/** One file per role under /etc/postgres-secrets/roles, named after the role: what bootstrap.sql reads. */
export function rolePasswordVolumes(s: PostgresSettings): k8s.Volume[] {
  const pg = s.spec;
  const passwords: k8s.VolumeProjection[] = Object.entries(pg.roles ?? {})
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([role, r]) => ({ secret: { name: r.passwordSecret.name, items: [{ key: r.passwordSecret.key, path: role }] } }));
  const authUser = pg.pgbouncer?.authMode === 'auth_query' ? pg.pgbouncer.authUserSecret : undefined;
  if (authUser) passwords.push({ secret: { name: authUser.name, items: [{ key: authUser.key, path: PGBOUNCER_AUTH_USER }] } });
  passwords.push({ secret: { name: s.exporterSecret.name, items: [{ key: s.exporterSecret.key, path: EXPORTER_USER }] } });
  // 0440: readable by the postgres group
  return [{ name: VOLUMES.rolePasswords, projected: { sources: passwords, defaultMode: 0o440 } }];
}

export function rolePasswordMounts(): k8s.VolumeMount[] {
  return [{ name: VOLUMES.rolePasswords, mountPath: PATHS.rolePasswordsDir, readOnly: true }];
}
