import { POSTGRES_CLIENT_PORT, postgresClientServices } from '../../lib/postgres-access';
import { imageVersion, objectLabels, selectorLabels } from '../../lib/labels';
import { PgBouncerSpec, PostgresSpec, PostgresTlsSpec, SecretKeyRef } from '../../spec';
import { PGBOUNCER_EXPORTER_IMAGE, PGBOUNCER_IMAGE } from '../images';
import { DEFAULT_NAME, postgresNames } from '../settings';

/** Defaults and the resolved view of `spec.postgres.pgbouncer`. */

export const DEFAULT_REPLICAS = 2;
export const DEFAULT_POOL_MODE = 'transaction';
export const DEFAULT_MAX_CLIENT_CONN = 1000;
export const DEFAULT_POOL_SIZE = 20;
export const DEFAULT_MAX_PREPARED_STATEMENTS = 200;

export const PGBOUNCER_RESOURCES = { cpu: '100m', memory: '128Mi' };
export const PGBOUNCER_EXPORTER_RESOURCES = { cpu: '20m', memory: '64Mi' };
export const USERLIST_INIT_RESOURCES = { cpu: '10m', memory: '32Mi' };

/**
 * PgBouncer listens on its conventional 6432 inside the pod; the `<name>-pooler` Services
 * expose it on 5432, so an application moves from `<name>-rw` to the pooler by changing the host only.
 */
export const POOLER_PORTS = { listen: 6432, service: POSTGRES_CLIENT_PORT, metrics: 9127 } as const;

/** The exporter's console user; its password is generated at pod start and never leaves the pod. */
export const STATS_USER = 'pgbouncer_stats';

export interface PoolPlan {
  /** Deployment, Service, PDB and DestinationRule name. */
  readonly name: string;
  /** `rw` (the primary) or `ro` (the replicas). */
  readonly kind: 'rw' | 'ro';
  /** Service PgBouncer forwards to. */
  readonly target: string;
  readonly configKey: string;
  readonly labels: Record<string, string>;
  readonly selector: Record<string, string>;
}

export interface PgBouncerSettings {
  readonly spec: PgBouncerSpec;
  readonly clusterName: string;
  readonly replicas: number;
  readonly poolMode: 'session' | 'transaction' | 'statement';
  readonly maxClientConn: number;
  readonly defaultPoolSize: number;
  readonly maxPreparedStatements: number;
  readonly authMode: 'userlist' | 'auth_query';
  /** Password of the admin console user the Postgres members PAUSE and RESUME the pools as. */
  readonly adminSecret: SecretKeyRef;
  readonly image: string;
  readonly exporterImage: string;
  readonly configMap: string;
  readonly pools: readonly PoolPlan[];
  /** The cluster's TLS (`postgres.tls`): PgBouncer serves the same certificate and uses TLS towards Postgres. */
  readonly tls?: PostgresTlsSpec;
  /** Labels shared by the objects that cover every pool (ConfigMap, policies, monitors). */
  readonly labels: Record<string, string>;
  /** Selects the pods of every pool of this cluster. */
  readonly selector: Record<string, string>;
}

/** Pods of every pool of cluster `name`; the Postgres NetworkPolicy admits them. */
export function poolerClientSelector(name: string): Record<string, string> {
  return selectorLabels({ name: 'pgbouncer', instance: name });
}

export function pgbouncerSettings(pg: PostgresSpec, pb: PgBouncerSpec): PgBouncerSettings {
  const clusterName = pg.name ?? DEFAULT_NAME;
  const names = postgresNames(clusterName);
  const services = postgresClientServices(clusterName);
  const image = pb.image ?? PGBOUNCER_IMAGE;
  const version = imageVersion(image);
  const pool = (kind: 'rw' | 'ro'): PoolPlan => {
    const id = { name: 'pgbouncer', instance: clusterName, component: kind === 'rw' ? 'pooler' : 'pooler-ro' };
    return {
      name: kind === 'rw' ? services.pooler : services.poolerReadOnly,
      kind,
      target: kind === 'rw' ? names.primary : names.replicas,
      configKey: `pgbouncer-${kind}.ini`,
      labels: objectLabels({ ...id, version }),
      selector: selectorLabels(id),
    };
  };
  return {
    spec: pb,
    clusterName,
    replicas: pb.replicas ?? DEFAULT_REPLICAS,
    poolMode: pb.poolMode ?? DEFAULT_POOL_MODE,
    maxClientConn: pb.maxClientConn ?? DEFAULT_MAX_CLIENT_CONN,
    defaultPoolSize: pb.defaultPoolSize ?? DEFAULT_POOL_SIZE,
    maxPreparedStatements: pb.maxPreparedStatements ?? DEFAULT_MAX_PREPARED_STATEMENTS,
    authMode: pb.authMode ?? 'userlist',
    adminSecret: pb.adminSecret ?? defaultAdminSecret(clusterName),
    image,
    exporterImage: pb.exporterImage ?? PGBOUNCER_EXPORTER_IMAGE,
    configMap: `${clusterName}-pooler`,
    pools: pb.readOnlyPool ? [pool('rw'), pool('ro')] : [pool('rw')],
    tls: pg.tls,
    labels: objectLabels({ name: 'pgbouncer', instance: clusterName, version }),
    selector: poolerClientSelector(clusterName),
  };
}

/** `<name>-pooler-admin`, key `password`: the Secret the admin console password comes from unless the spec names one. */
export function defaultAdminSecret(clusterName: string): SecretKeyRef {
  return { name: `${clusterName}-pooler-admin`, key: 'password' };
}

/** The pool in front of `-rw` and its admin Secret, as the members' handover sees it; undefined without PgBouncer. */
export function primaryPoolOf(pg: PostgresSpec): { selector: Record<string, string>; port: number; adminSecret: SecretKeyRef } | undefined {
  if (!pg.pgbouncer) return undefined;
  const pb = pgbouncerSettings(pg, pg.pgbouncer);
  const rw = pb.pools.find((p) => p.kind === 'rw')!;
  return { selector: rw.selector, port: POOLER_PORTS.listen, adminSecret: pb.adminSecret };
}
