import { checkDnsLabel, checkDnsSubdomain, checkInt, checkOneOf, checkQuantity, checkSecretRef } from '../lib/checks';
import { checkCron } from '../lib/cron';
import { ProblemCollector } from '../lib/errors';
import { PgBouncerSpec, PlatformSpec, PostgresSpec } from '../spec';
import { POOLER_ADMIN_USER } from './handover';
import { hbaLineProblem } from './hba';
import { BACKUP_OWNED_PARAMETERS, PATRONI_OWNED_PARAMETERS, quantityToMiB } from './parameters';
import { DEFAULT_POOL_SIZE, DEFAULT_REPLICAS, STATS_USER } from './pgbouncer/settings';
import {
  DEFAULT_MEMBERS, DEFAULT_NAME, defaultImageFor, DEFAULT_VERSION, PATRONI_RUNTIME_SUFFIXES, PGBOUNCER_AUTH_USER, EXPORTER_USER,
  REPLICATION_USER, SUPERUSER,
} from './settings';

/** `<name>-logical-dump` must fit the 52 characters of a CronJob name. */
export const NAME_MAX = 39;
const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;
const EXTENSION = /^[a-z0-9_][a-z0-9_-]{0,62}$/;
const PARAMETER = /^[a-z_][a-z0-9_.]{0,62}$/;
const ROLE_OPTION = /^(NO)?(CREATEDB|CREATEROLE|INHERIT|LOGIN|REPLICATION|BYPASSRLS)$|^CONNECTION LIMIT -?[0-9]+$/;
const S3_URL = /^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/[^\s]*)?$/;
const RESERVED_ROLES = [SUPERUSER, REPLICATION_USER, PGBOUNCER_AUTH_USER, STATS_USER, EXPORTER_USER, POOLER_ADMIN_USER, 'public'];
const RESERVED_DATABASES = ['postgres', 'template0', 'template1'];
/** Connections PostgreSQL keeps for superusers and Patroni, out of max_connections. */
const RESERVED_CONNECTIONS = 10;

export function checkPostgres(c: ProblemCollector, spec: PlatformSpec): void {
  const pg = spec.postgres;
  if (!pg) return;
  const p = c.at('postgres');
  const name = pg.name ?? DEFAULT_NAME;
  checkDnsLabel(p, 'name', name, NAME_MAX);
  checkInt(p, 'members', pg.members, 1, Number.MAX_SAFE_INTEGER,
    'set members to 1 (a single instance, no PodDisruptionBudget) or to 2 or more (the PodDisruptionBudget allows one member down at a time)');
  checkVersionAndImages(p, pg);
  checkStorage(p, pg);
  checkSecretRef(p, 'superuserSecret', pg.superuserSecret);
  checkSecretRef(p, 'replicationSecret', pg.replicationSecret);
  if (pg.restApiSecret !== undefined) checkSecretRef(p, 'restApiSecret', pg.restApiSecret);
  if (pg.exporterSecret !== undefined) checkSecretRef(p, 'exporterSecret', pg.exporterSecret);
  if (pg.synchronous && (pg.members ?? DEFAULT_MEMBERS) < 2) {
    p.add('synchronous', pg.synchronous, 'members >= 2: synchronous replication needs a replica to confirm each commit',
      'set synchronous: false for single-member environments, or raise members to 2 or more');
  }
  checkParameters(p, pg);
  (pg.pgHba ?? []).forEach((line, i) => {
    const problem = hbaLineProblem(line);
    if (problem) p.add(`pgHba[${i}]`, line, `a pg_hba.conf line with ${problem}`, 'write e.g. "host appdb app 10.0.0.0/8 scram-sha-256"; weaker methods (trust, md5, password) are not accepted');
  });
  checkRolesAndDatabases(p, pg);
  checkInitSql(p, pg, name);
  checkBackup(p, pg);
  if (pg.pgbouncer) checkPgBouncer(p.at('pgbouncer'), pg, pg.pgbouncer);
}

function checkVersionAndImages(p: ProblemCollector, pg: PostgresSpec): void {
  checkInt(p, 'version', pg.version, 11, 17);
  const version = pg.version ?? DEFAULT_VERSION;
  if (pg.image === undefined && Number.isInteger(version) && !defaultImageFor(version)) {
    p.add('version', version, `${DEFAULT_VERSION}, the major version of the pinned image, or an image that carries PostgreSQL ${version}`,
      `set postgres.image to a Spilo (or compatible) image with /usr/lib/postgresql/${version}/bin and Patroni`);
  }
  checkImage(p, 'image', pg.image);
  checkImage(p, 'exporterImage', pg.exporterImage);
  checkImage(p, 'backup.kubectlImage', pg.backup?.kubectlImage);
  checkImage(p, 'pgbouncer.image', pg.pgbouncer?.image);
  checkImage(p, 'pgbouncer.exporterImage', pg.pgbouncer?.exporterImage);
}

function checkImage(c: ProblemCollector, path: string, image: unknown): void {
  if (image === undefined) return;
  const ok = typeof image === 'string' && /^[^\s:@]+(:[0-9]+)?(\/[^\s:@]+)*(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(@sha256:[a-f0-9]{64})?$/.test(image)
    && (/@sha256:/.test(image) || /:[^/]+$/.test(image)) && !/:latest$/.test(image);
  if (!ok) c.add(path, image, 'an image reference pinned by a tag other than latest, or by digest', 'write it as "registry/name:1.2.3"');
}

function checkStorage(p: ProblemCollector, pg: PostgresSpec): void {
  if (!pg.storage?.size) {
    p.add('storage.size', pg.storage?.size, 'the size of each member\'s data volume, e.g. "20Gi"', 'set storage: { size: "20Gi" }');
    return;
  }
  checkQuantity(p, 'storage.size', pg.storage.size);
  if (typeof pg.storage.size === 'string' && quantityToMiB(pg.storage.size) !== undefined && (quantityToMiB(pg.storage.size) as number) < 1024) {
    p.add('storage.size', pg.storage.size, 'at least "1Gi" (WAL alone needs several hundred MiB)', 'set storage.size to "1Gi" or more');
  }
  if (pg.storage.storageClass !== undefined) checkDnsSubdomain(p, 'storage.storageClass', pg.storage.storageClass);
}


function checkParameters(p: ProblemCollector, pg: PostgresSpec): void {
  const params = pg.parameters ?? {};
  for (const [key, value] of Object.entries(params)) {
    const path = `parameters.${key}`;
    if (!PARAMETER.test(key)) {
      p.add(path, key, 'a postgresql.conf parameter name (lowercase letters, digits, "_" and ".")', 'check the spelling against the PostgreSQL documentation');
    } else if ((PATRONI_OWNED_PARAMETERS as readonly string[]).includes(key)) {
      p.add(path, value, 'no value: Patroni sets this parameter itself', `remove ${key} from parameters`);
    } else if ((BACKUP_OWNED_PARAMETERS as readonly string[]).includes(key)) {
      p.add(path, value, 'no value: the backup settings own WAL archiving and restore', `remove ${key}; configure postgres.backup instead`);
    }
    if (typeof value !== 'number' && (typeof value !== 'string' || /[\n\r]/.test(value))) {
      p.add(path, value, 'a number or a single-line string', 'write the value as postgresql.conf expects it, e.g. "256MB"');
    }
  }
  checkOneOf(p, 'parameters.wal_level', params.wal_level, ['replica', 'logical']);
  const members = pg.members ?? DEFAULT_MEMBERS;
  checkIntParam(p, 'max_connections', params.max_connections, 25, 'Patroni ignores a max_connections below 25');
  checkIntParam(p, 'max_wal_senders', params.max_wal_senders, members + 1, `each of the ${members - 1} replicas and a base backup need a WAL sender`);
  checkIntParam(p, 'max_replication_slots', params.max_replication_slots, members, 'Patroni keeps one slot per replica');
}

function checkIntParam(p: ProblemCollector, key: string, value: string | number | undefined, min: number, why: string): void {
  if (value === undefined) return;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) p.add(`parameters.${key}`, value, `an integer >= ${min} (${why})`, `set ${key} to ${min} or more, or leave it unset`);
}

function checkRolesAndDatabases(p: ProblemCollector, pg: PostgresSpec): void {
  const roles = pg.roles ?? {};
  for (const [role, r] of Object.entries(roles)) {
    const path = `roles.${role}`;
    if (!IDENTIFIER.test(role) || role.startsWith('pg_')) {
      p.add(path, role, 'a role name of lowercase letters, digits and "_", not starting with "pg_"', `rename it, e.g. "${role.toLowerCase().replace(/[^a-z0-9_]+/g, '_')}"`);
    } else if (RESERVED_ROLES.includes(role)) {
      p.add(path, role, `a role name other than ${RESERVED_ROLES.map((x) => `"${x}"`).join(', ')} (managed by Patroni and PgBouncer)`, 'rename the role');
    }
    checkSecretRef(p, `${path}.passwordSecret`, r?.passwordSecret);
    (r?.options ?? []).forEach((o, i) => {
      if (typeof o !== 'string' || !ROLE_OPTION.test(o.toUpperCase())) {
        p.add(`${path}.options[${i}]`, o, 'one of CREATEDB, CREATEROLE, INHERIT, REPLICATION, BYPASSRLS (or NO...), "CONNECTION LIMIT n"; SUPERUSER is never granted',
          'remove the option or use one of the listed ones');
      }
    });
  }
  for (const [db, d] of Object.entries(pg.databases ?? {})) {
    const path = `databases.${db}`;
    if (!IDENTIFIER.test(db)) {
      p.add(path, db, 'a database name of lowercase letters, digits and "_"', `rename it, e.g. "${db.toLowerCase().replace(/[^a-z0-9_]+/g, '_')}"`);
    } else if (RESERVED_DATABASES.includes(db)) {
      p.add(path, db, `a database other than ${RESERVED_DATABASES.join(', ')}`, 'rename the database');
    }
    if (!d || typeof d.owner !== 'string' || !(d.owner in roles)) {
      const declared = Object.keys(roles);
      p.add(`${path}.owner`, d?.owner, `a role declared in postgres.roles (${declared.length ? declared.map((x) => `"${x}"`).join(', ') : 'none declared'})`,
        `declare the role under postgres.roles with its passwordSecret, or set owner to one of the declared roles`);
    }
    (d?.extensions ?? []).forEach((e, i) => {
      if (typeof e !== 'string' || !EXTENSION.test(e)) p.add(`${path}.extensions[${i}]`, e, 'an extension name such as "uuid-ossp" or "pg_trgm"', 'use the name from pg_available_extensions');
    });
  }
}

function checkInitSql(p: ProblemCollector, pg: PostgresSpec, name: string): void {
  if (pg.initSqlConfigMap !== undefined) {
    checkDnsSubdomain(p, 'initSqlConfigMap', pg.initSqlConfigMap);
    const taken = [...PATRONI_RUNTIME_SUFFIXES.map((s) => `${name}-${s}`), `${name}-patroni`, `${name}-pooler`];
    if (taken.includes(pg.initSqlConfigMap)) {
      p.add('initSqlConfigMap', pg.initSqlConfigMap, `a ConfigMap name other than ${taken.map((t) => `"${t}"`).join(', ')} (Patroni and this platform use them)`,
        'rename the ConfigMap that holds the init SQL');
    }
  }
  if (pg.initSqlDatabase !== undefined && pg.initSqlDatabase !== 'postgres' && !(pg.initSqlDatabase in (pg.databases ?? {}))) {
    p.add('initSqlDatabase', pg.initSqlDatabase, '"postgres" or a database declared in postgres.databases', 'declare the database or point initSqlDatabase at one');
  }
}

function checkBackup(p: ProblemCollector, pg: PostgresSpec): void {
  const b = pg.backup;
  if (!b) return;
  const c = p.at('backup');
  if (typeof b.destination !== 'string' || !S3_URL.test(b.destination)) {
    c.add('destination', b.destination, 'an S3 URL "s3://bucket/prefix"', 'write the bucket and an optional prefix, e.g. "s3://acme-pg-backups/prod"');
  }
  if (b.endpoint !== undefined && (typeof b.endpoint !== 'string' || !/^https?:\/\/[^\s/]+(:[0-9]+)?\/?$/.test(b.endpoint))) {
    c.add('endpoint', b.endpoint, 'an http(s) URL of the S3-compatible endpoint, e.g. "https://minio.storage:9000"', 'write scheme, host and port only');
  }
  if (b.region !== undefined && (typeof b.region !== 'string' || !/^[a-z0-9-]+$/.test(b.region))) {
    c.add('region', b.region, 'a region name such as "eu-central-1"', 'use the bucket\'s region');
  }
  checkDnsSubdomain(c, 'credentialsSecret', b.credentialsSecret);
  checkCron(c, 'schedule', b.schedule);
  checkCron(c, 'logicalDumpSchedule', b.logicalDumpSchedule);
  if (b.encryptionKeySecret !== undefined) checkSecretRef(c, 'encryptionKeySecret', b.encryptionKeySecret);
  checkInt(c, 'retentionDays', b.retentionDays, 1, 3650, 'set retentionDays to the number of days backups stay restorable, at least 1');
  checkInt(c, 'logicalDumpRetentionDays', b.logicalDumpRetentionDays, 1, 3650, 'set logicalDumpRetentionDays to the days logical dumps are kept, e.g. 365 for a year of weekly archives');
  if (b.logicalDumpRetentionDays !== undefined && !b.logicalDumpSchedule) {
    c.add('logicalDumpRetentionDays', b.logicalDumpRetentionDays, 'a dump retention only with logicalDumpSchedule', 'add logicalDumpSchedule or drop logicalDumpRetentionDays');
  }
}

function checkPgBouncer(c: ProblemCollector, pg: PostgresSpec, pb: PgBouncerSpec): void {
  checkInt(c, 'replicas', pb.replicas, 1, Number.MAX_SAFE_INTEGER,
    'set replicas to 1 (no PodDisruptionBudget) or to 2 or more (the PodDisruptionBudget keeps all but one serving)');
  checkOneOf(c, 'poolMode', pb.poolMode, ['session', 'transaction', 'statement']);
  checkInt(c, 'maxClientConn', pb.maxClientConn, 1);
  checkInt(c, 'defaultPoolSize', pb.defaultPoolSize, 1);
  checkInt(c, 'maxPreparedStatements', pb.maxPreparedStatements, 0);
  checkOneOf(c, 'authMode', pb.authMode, ['userlist', 'auth_query']);
  if (pb.adminSecret !== undefined) checkSecretRef(c, 'adminSecret', pb.adminSecret);
  if (pb.authMode === 'auth_query') {
    if (!pb.authUserSecret) {
      c.add('authUserSecret', pb.authUserSecret, `the password Secret of the "${PGBOUNCER_AUTH_USER}" role PgBouncer runs auth_query as`,
        'create a Secret with a password for it and set authUserSecret: { name, key }');
    } else {
      checkSecretRef(c, 'authUserSecret', pb.authUserSecret);
    }
  } else if (Object.keys(pg.roles ?? {}).length === 0) {
    c.add('authMode', pb.authMode ?? 'userlist', 'at least one role in postgres.roles: the userlist is built from the roles\' Secrets',
      'declare the application roles, or use authMode: "auth_query" with an authUserSecret');
  }
  checkPoolBudget(c, pg, pb);
}

/**
 * Every PgBouncer replica may open default_pool_size server connections per database/user pair;
 * together they must fit the database's max_connections, or clients see "too many connections"
 * from PostgreSQL instead of waiting in the pool.
 */
function checkPoolBudget(c: ProblemCollector, pg: PostgresSpec, pb: PgBouncerSpec): void {
  const poolSize = pb.defaultPoolSize ?? DEFAULT_POOL_SIZE;
  const replicas = pb.replicas ?? DEFAULT_REPLICAS;
  const maxConnections = Number(pg.parameters?.max_connections ?? 100);
  const pairs = Math.max(1, Object.keys(pg.databases ?? {}).length);
  if (![poolSize, replicas, maxConnections].every(Number.isInteger)) return;
  const needed = poolSize * replicas * pairs;
  const available = maxConnections - RESERVED_CONNECTIONS;
  if (needed > available) {
    c.add('defaultPoolSize', poolSize,
      `defaultPoolSize x replicas x databases (${poolSize} x ${replicas} x ${pairs} = ${needed}) within max_connections - ${RESERVED_CONNECTIONS} (${available})`,
      `lower defaultPoolSize to ${Math.max(1, Math.floor(available / (replicas * pairs)))} or raise postgres.parameters.max_connections to ${needed + RESERVED_CONNECTIONS}`);
  }
}
