import { PostgresSpec } from '../spec';

/**
 * How clients reach a Postgres cluster: the Service names and port the Postgres and PgBouncer
 * charts create and the application services connect to. One convention, read by both.
 */

export const POSTGRES_DEFAULT_NAME = 'postgres';
export const POSTGRES_DEFAULT_MEMBERS = 3;
/** Port of every client Service: `-rw`, `-ro` and the poolers (PgBouncer's 6432 stays inside its pod). */
export const POSTGRES_CLIENT_PORT = 5432;
/**
 * The sslmode clients use, said explicitly because libpq's default `prefer` would silently change
 * behaviour once a certificate appears. Without `tls`, Postgres and PgBouncer have no certificate
 * (inside the mesh, Istio's mTLS protects the connection); with it, clients verify the server when
 * they have its CA, else they encrypt without verifying.
 */
export function postgresSslMode(pg: PostgresSpec): 'disable' | 'require' | 'verify-full' {
  if (!pg.tls) return 'disable';
  return pg.tls.caSecret ? 'verify-full' : 'require';
}

/** Where the CA certificate of `postgres.tls.caSecret` is mounted in client pods, and its file. */
export const POSTGRES_CA_DIR = '/etc/postgres-ca';
export const POSTGRES_CA_FILE = 'ca.crt';

export function postgresName(pg: PostgresSpec): string {
  return pg.name ?? POSTGRES_DEFAULT_NAME;
}

export function postgresMembers(pg: PostgresSpec): number {
  return pg.members ?? POSTGRES_DEFAULT_MEMBERS;
}

/** The client Services of cluster `name`. */
export function postgresClientServices(name: string) {
  return {
    /** The primary (Patroni's role label). */
    primary: `${name}-rw`,
    /** The streaming replicas. */
    replicas: `${name}-ro`,
    /** PgBouncer in front of the primary. */
    pooler: `${name}-pooler`,
    /** PgBouncer in front of the replicas (`pgbouncer.readOnlyPool`). */
    poolerReadOnly: `${name}-pooler-ro`,
  } as const;
}
