import { k8s } from '../lib/k8s';
import {
  POSTGRES_CA_DIR, POSTGRES_CA_FILE, POSTGRES_CLIENT_PORT, postgresClientServices, postgresMembers, postgresName, postgresSslMode,
} from '../lib/postgres-access';
import {
  headlessServiceName, instanceName, masterProxyEnabled, masterServiceName, masterSetOf, REDIS_PORT, SENTINEL_PORT,
  sentinelServiceName, sentinelsOf, sentinelStatefulSetName,
} from '../lib/redis-access';
import { AppServiceSpec, PlatformSpec, PostgresSpec, SecretKeyRef } from '../spec';

/**
 * Where a service's Postgres and Redis are and who it is there, as environment variables derived
 * from the spec (docs/connections.md lists them). Passwords come from the Secrets the data
 * components already use, by reference; URLs are composed by the kubelet from the variables
 * before them (`$(NAME)` expands only variables defined earlier in the list).
 */

/** The variables a service that talks to Postgres gets: libpq's own names, which most drivers read. */
export const POSTGRES_ENV = {
  password: 'PGPASSWORD',
  host: 'PGHOST',
  port: 'PGPORT',
  database: 'PGDATABASE',
  user: 'PGUSER',
  sslmode: 'PGSSLMODE',
  sslrootcert: 'PGSSLROOTCERT',
  url: 'DATABASE_URL',
} as const;

/** The variables a service that talks to Redis gets. */
export const REDIS_ENV = {
  password: 'REDIS_PASSWORD',
  sentinelHost: 'REDIS_SENTINEL_HOST',
  sentinelPort: 'REDIS_SENTINEL_PORT',
  sentinels: 'REDIS_SENTINELS',
  masterSet: 'REDIS_MASTER_SET',
  host: 'REDIS_HOST',
  port: 'REDIS_PORT',
  url: 'REDIS_URL',
} as const;

/** Cluster-local FQDN of a Service or pod name under `namespace`. */
function fqdn(name: string, namespace: string): string {
  return `${name}.${namespace}.svc.cluster.local`;
}

const plain = (name: string, value: string | number): k8s.EnvVar => ({ name, value: String(value) });
const secret = (name: string, ref: SecretKeyRef): k8s.EnvVar => ({ name, valueFrom: { secretKeyRef: { name: ref.name, key: ref.key } } });

/** The platform declares the service's database and role: always when the spec has databases or the service names one. */
export function managesCredentials(pg: PostgresSpec, svc: AppServiceSpec): boolean {
  return svc.postgres?.database !== undefined || svc.postgres?.user !== undefined || Object.keys(pg.databases ?? {}).length > 0;
}

/** The database a service uses: the spec's, else the one named after the service, else the only one. */
export function serviceDatabase(pg: PostgresSpec, service: string, svc: AppServiceSpec): string | undefined {
  if (svc.postgres?.database !== undefined) return svc.postgres.database;
  const databases = Object.keys(pg.databases ?? {});
  const own = service.replace(/-/g, '_');
  if (databases.includes(own)) return own;
  return databases.length === 1 ? databases[0] : undefined;
}

/** The role a service logs in as: the spec's, else the owner of its database. */
export function serviceRole(pg: PostgresSpec, database: string | undefined, svc: AppServiceSpec): string | undefined {
  return svc.postgres?.user ?? (database === undefined ? undefined : pg.databases?.[database]?.owner);
}

/**
 * The host: PgBouncer when there is a pool for the access asked for, else the role Service.
 * Read-only access goes to the replicas; a cluster of one member has none, so it reads from the primary.
 */
export function postgresHostService(pg: PostgresSpec, svc: AppServiceSpec): string {
  const services = postgresClientServices(postgresName(pg));
  const hasReplicas = postgresMembers(pg) > 1;
  if (svc.postgres?.readOnly && hasReplicas) {
    return pg.pgbouncer?.readOnlyPool ? services.poolerReadOnly : services.replicas;
  }
  return pg.pgbouncer ? services.pooler : services.primary;
}

export function postgresEnv(spec: PlatformSpec, namespace: string, service: string, svc: AppServiceSpec): k8s.EnvVar[] {
  const pg = spec.postgres;
  if (!pg || !(svc.talksTo ?? []).includes('postgres')) return [];
  const e = POSTGRES_ENV;
  const where = [
    plain(e.host, fqdn(postgresHostService(pg, svc), namespace)),
    plain(e.port, POSTGRES_CLIENT_PORT),
    plain(e.sslmode, postgresSslMode(pg)),
    ...(postgresSslMode(pg) === 'verify-full' ? [plain(e.sslrootcert, `${POSTGRES_CA_DIR}/${POSTGRES_CA_FILE}`)] : []),
  ];
  // a cluster without declared databases leaves credentials to the app: it gets where, not who
  if (!managesCredentials(pg, svc)) return where;
  const database = serviceDatabase(pg, service, svc);
  const user = serviceRole(pg, database, svc);
  const role = user === undefined ? undefined : pg.roles?.[user];
  // the spec checks reject a service whose database or role cannot be resolved
  if (database === undefined || user === undefined || role === undefined) return where;
  return [
    secret(e.password, role.passwordSecret),
    ...where,
    plain(e.database, database),
    plain(e.user, user),
    plain(e.url, `postgresql://$(${e.user}):$(${e.password})@$(${e.host}):$(${e.port})/$(${e.database})?sslmode=$(${e.sslmode})`),
  ];
}

const POSTGRES_CA_VOLUME = 'postgres-ca';

/** The CA a service verifies Postgres with (`postgres.tls.caSecret`), only that key of its Secret. */
export function postgresCaMount(spec: PlatformSpec, svc: AppServiceSpec): { volumes: k8s.Volume[]; volumeMounts: k8s.VolumeMount[] } {
  const ca = spec.postgres?.tls?.caSecret;
  if (!ca || !(svc.talksTo ?? []).includes('postgres')) return { volumes: [], volumeMounts: [] };
  return {
    volumes: [{ name: POSTGRES_CA_VOLUME, secret: { secretName: ca.name, items: [{ key: ca.key, path: POSTGRES_CA_FILE }], defaultMode: 0o444 } }],
    volumeMounts: [{ name: POSTGRES_CA_VOLUME, mountPath: POSTGRES_CA_DIR, readOnly: true }],
  };
}

export function redisEnv(spec: PlatformSpec, namespace: string, svc: AppServiceSpec): k8s.EnvVar[] {
  const redis = spec.redis;
  if (!redis || !(svc.talksTo ?? []).includes('redis')) return [];
  const name = instanceName(redis);
  const e = REDIS_ENV;
  const sentinelPods = Array.from({ length: sentinelsOf(redis) }, (_, i) =>
    `${sentinelStatefulSetName(name)}-${i}.${fqdn(headlessServiceName(name), namespace)}:${SENTINEL_PORT}`);
  const env = [
    secret(e.password, redis.passwordSecret),
    plain(e.sentinelHost, fqdn(sentinelServiceName(name), namespace)),
    plain(e.sentinelPort, SENTINEL_PORT),
    plain(e.sentinels, sentinelPods.join(',')),
    plain(e.masterSet, masterSetOf(redis)),
  ];
  if (masterProxyEnabled(redis)) {
    env.push(
      plain(e.host, fqdn(masterServiceName(name), namespace)),
      plain(e.port, REDIS_PORT),
      plain(e.url, `redis://default:$(${e.password})@$(${e.host}):$(${e.port})`),
    );
  }
  return env;
}
