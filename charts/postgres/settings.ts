import { POSTGRES_CLIENT_PORT, POSTGRES_DEFAULT_MEMBERS, POSTGRES_DEFAULT_NAME, postgresClientServices } from '../lib/postgres-access';
import { imageVersion, objectLabels, selectorLabels } from '../lib/labels';
import { PostgresBackupSpec, PostgresSpec, SecretKeyRef } from '../spec';
import { KUBECTL_IMAGE, POSTGRES_EXPORTER_IMAGE, SPILO_DEFAULT_MAJOR, SPILO_IMAGE } from './images';

/** Defaults and the resolved view of `spec.postgres`, computed once and read by every construct. */

export const DEFAULT_NAME = POSTGRES_DEFAULT_NAME;
export const DEFAULT_MEMBERS = POSTGRES_DEFAULT_MEMBERS;
export const DEFAULT_VERSION = 15;
export const DEFAULT_BACKUP_SCHEDULE = '0 * * * *';
export const DEFAULT_RETENTION_DAYS = 30;
/** Deltas between full base backups: hourly backups of a large volume are mostly unchanged pages. */
export const DEFAULT_DELTA_BACKUPS = 6;
export const DEFAULT_REGION = 'us-east-1';

export const POSTGRES_RESOURCES = { cpu: '500m', memory: '1Gi' };
export const BACKUP_SIDECAR_RESOURCES = { cpu: '100m', memory: '512Mi' };
export const EXPORTER_RESOURCES = { cpu: '50m', memory: '128Mi' };
export const KUBECTL_RESOURCES = { cpu: '10m', memory: '128Mi' };

/** Roles Patroni manages itself; spec roles may not take these names. */
export const SUPERUSER = 'postgres';
export const REPLICATION_USER = 'replicator';
/** Role PgBouncer's auth_query logs in as (created at bootstrap when auth_query is used). */
export const PGBOUNCER_AUTH_USER = 'pgbouncer_auth';
/** Role the metrics exporter logs in as: a member of pg_monitor, never a superuser. */
export const EXPORTER_USER = 'postgres_exporter';

export const PORTS = { postgres: POSTGRES_CLIENT_PORT, patroni: 8008, metrics: 9187 } as const;

/**
 * Patroni's pod labels: its Kubernetes DCS finds member pods (and the ConfigMaps it creates at
 * run time) by `labels` plus the scope label, and writes the role label on every member pod.
 * None of our own objects carries `application: patroni`, so `patronictl remove` can never
 * delete them.
 */
export const PATRONI_LABELS = { application: 'patroni' } as const;
export const SCOPE_LABEL = 'cluster-name';
export const ROLE_LABEL = 'role';
/** Set explicitly in patroni.yml, so Patroni 3.0 (default "master") and 4.x (default "primary") label alike. */
export const ROLE_VALUES = { primary: 'master', replica: 'replica' } as const;

/** ConfigMaps Patroni's configmap-mode DCS creates at run time as `<scope>-<suffix>`; never in dist/. */
export const PATRONI_RUNTIME_SUFFIXES = ['config', 'leader', 'failover', 'sync'] as const;

/** Paths inside the postgres and backup containers (the Spilo layout; Debian uses the same bin_dir). */
export const PATHS = {
  // one ConfigMap volume holds patroni.yml and the scripts (mounts may not nest inside it)
  configDir: '/etc/patroni',
  configFile: '/etc/patroni/patroni.yml',
  scriptsDir: '/etc/patroni',
  rolePasswordsDir: '/etc/postgres-secrets/roles',
  initSqlDir: '/etc/postgres-init-sql',
  volume: '/home/postgres/pgdata',
  dataDir: '/home/postgres/pgdata/pgroot/data',
  socketDir: '/var/run/postgresql',
  tmp: '/tmp',
  /** The server certificate (`postgres.tls.certificateSecret`): tls.crt, tls.key. */
  tls: '/etc/postgres-tls',
  pgpass: '/tmp/pgpass',
} as const;

export interface ResolvedBackup {
  readonly destination: string;
  readonly endpoint?: string;
  readonly region: string;
  readonly credentialsSecret: string;
  readonly schedule: string;
  readonly retentionDays: number;
  readonly deltaBackups: number;
  readonly logicalDumpSchedule?: string;
  readonly logicalDumpRetentionDays: number;
  readonly encryptionKeySecret?: SecretKeyRef;
  readonly kubectlImage: string;
}

export interface PostgresNames {
  readonly statefulSet: string;
  readonly headless: string;
  readonly primary: string;
  readonly replicas: string;
  readonly config: string;
  readonly patroniAccount: string;
  readonly backupAccount: string;
  readonly baseBackup: string;
  readonly logicalDump: string;
  readonly patroniApiPolicy: string;
  readonly metricsMtls: string;
}

export interface PostgresSettings {
  readonly spec: PostgresSpec;
  readonly name: string;
  readonly members: number;
  readonly version: number;
  readonly image: string;
  readonly exporterImage: string;
  readonly binDir: string;
  readonly synchronous: boolean;
  readonly names: PostgresNames;
  /** Labels on every object of the cluster. */
  readonly labels: Record<string, string>;
  /** Stable selector of the member pods (no role, no version). */
  readonly selector: Record<string, string>;
  /** Pod template labels: our labels plus Patroni's. */
  readonly podLabels: Record<string, string>;
  readonly roles: readonly string[];
  readonly databases: readonly string[];
  /** Database the init SQL runs in. */
  readonly initSqlDatabase: string;
  readonly backup?: ResolvedBackup;
  /** Password of Patroni's REST API user. */
  readonly restApiSecret: SecretKeyRef;
  /** Password of the exporter's pg_monitor role. */
  readonly exporterSecret: SecretKeyRef;
  /** Member pod names, `<name>-0` .. `<name>-<members-1>`. */
  readonly podNames: readonly string[];
}

export function postgresNames(name: string): PostgresNames {
  return {
    statefulSet: name,
    headless: name,
    primary: postgresClientServices(name).primary,
    replicas: postgresClientServices(name).replicas,
    config: `${name}-patroni`,
    patroniAccount: `${name}-patroni`,
    backupAccount: `${name}-backup`,
    baseBackup: `${name}-base-backup`,
    logicalDump: `${name}-logical-dump`,
    patroniApiPolicy: `${name}-patroni-api`,
    metricsMtls: `${name}-metrics`,
  };
}

export function postgresSettings(pg: PostgresSpec): PostgresSettings {
  const name = pg.name ?? DEFAULT_NAME;
  const members = pg.members ?? DEFAULT_MEMBERS;
  const version = pg.version ?? DEFAULT_VERSION;
  const image = pg.image ?? SPILO_IMAGE;
  const id = { name: 'postgres', instance: name, component: 'database' };
  const labels = objectLabels({ ...id, version: imageVersion(image) });
  const selector = selectorLabels(id);
  const databases = Object.keys(pg.databases ?? {}).sort();
  return {
    spec: pg,
    name,
    members,
    version,
    image,
    exporterImage: pg.exporterImage ?? POSTGRES_EXPORTER_IMAGE,
    binDir: `/usr/lib/postgresql/${version}/bin`,
    synchronous: pg.synchronous ?? false,
    names: postgresNames(name),
    labels,
    selector,
    podLabels: { ...labels, ...PATRONI_LABELS, [SCOPE_LABEL]: name },
    roles: Object.keys(pg.roles ?? {}).sort(),
    databases,
    initSqlDatabase: pg.initSqlDatabase ?? (databases.length === 1 ? databases[0] : 'postgres'),
    backup: pg.backup ? resolveBackup(pg.backup) : undefined,
    restApiSecret: pg.restApiSecret ?? { name: `${name}-patroni-api`, key: 'password' },
    exporterSecret: pg.exporterSecret ?? { name: `${name}-exporter`, key: 'password' },
    podNames: Array.from({ length: Math.max(members, 0) }, (_, i) => `${name}-${i}`),
  };
}

function resolveBackup(b: PostgresBackupSpec): ResolvedBackup {
  return {
    destination: b.destination.replace(/\/+$/, ''),
    endpoint: b.endpoint,
    region: b.region ?? DEFAULT_REGION,
    credentialsSecret: b.credentialsSecret,
    schedule: b.schedule ?? DEFAULT_BACKUP_SCHEDULE,
    retentionDays: b.retentionDays ?? DEFAULT_RETENTION_DAYS,
    deltaBackups: b.deltaBackups ?? DEFAULT_DELTA_BACKUPS,
    logicalDumpSchedule: b.logicalDumpSchedule,
    logicalDumpRetentionDays: b.logicalDumpRetentionDays ?? b.retentionDays ?? DEFAULT_RETENTION_DAYS,
    encryptionKeySecret: b.encryptionKeySecret,
    kubectlImage: b.kubectlImage ?? KUBECTL_IMAGE,
  };
}

/** The image the spec would use for `version` when it names none; undefined when none is pinned. */
export function defaultImageFor(version: number): string | undefined {
  return version === SPILO_DEFAULT_MAJOR ? SPILO_IMAGE : undefined;
}
