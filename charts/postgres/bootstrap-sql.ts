import { EXPORTER_USER, PATHS, PGBOUNCER_AUTH_USER, PostgresSettings, SUPERUSER, REPLICATION_USER } from './settings';

/**
 * bootstrap.sql: the roles, databases and extensions of the spec, applied by the post_bootstrap
 * script right after Patroni creates the cluster and again by the reconcile Job after every sync,
 * so every statement is idempotent. Passwords are read by psql from
 * the mounted Secret files (`\set x `cat file``), so no password is ever in this file, in an
 * argument list or in the server log (log_statement is off for the session).
 * Identifiers are checked by the spec checks; they are quoted here all the same.
 */
export const PGBOUNCER_AUTH_SCHEMA = 'pgbouncer';
export const PGBOUNCER_AUTH_FUNCTION = `${PGBOUNCER_AUTH_SCHEMA}.get_auth`;

export function bootstrapSql(s: PostgresSettings, opts: { pgbouncerAuthQuery: boolean }): string {
  const lines: string[] = [
    '-- Generated from the platform spec; run once by post-bootstrap.sh when Patroni creates the cluster.',
    "SET log_statement = 'none';",
    '',
  ];
  const roles = Object.entries(s.spec.roles ?? {}).sort(([a], [b]) => (a < b ? -1 : 1));
  for (const [role, spec] of roles) {
    lines.push(...passwordRole(role, ['LOGIN', ...(spec.options ?? []).map((o) => o.toUpperCase())], `${PATHS.rolePasswordsDir}/${role}`));
  }
  // the metrics exporter: pg_monitor reads every statistics view, nothing else
  lines.push(
    ...passwordRole(EXPORTER_USER, ['LOGIN', 'NOSUPERUSER', 'NOCREATEDB', 'NOCREATEROLE', 'NOREPLICATION'], `${PATHS.rolePasswordsDir}/${EXPORTER_USER}`),
    `GRANT pg_monitor TO ${ident(EXPORTER_USER)};`,
  );
  if (opts.pgbouncerAuthQuery) {
    lines.push(...passwordRole(PGBOUNCER_AUTH_USER, ['LOGIN', 'NOSUPERUSER', 'NOCREATEDB', 'NOCREATEROLE'], `${PATHS.rolePasswordsDir}/${PGBOUNCER_AUTH_USER}`));
  }
  for (const db of s.databases) {
    const owner = s.spec.databases?.[db]?.owner ?? SUPERUSER;
    lines.push(
      `SELECT format('CREATE DATABASE %I OWNER %I', ${literal(db)}, ${literal(owner)}) WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = ${literal(db)})\\gexec`,
      // the owner follows the spec on every reconcile
      `ALTER DATABASE ${ident(db)} OWNER TO ${ident(owner)};`,
    );
  }
  for (const db of s.databases) {
    const extensions = s.spec.databases?.[db]?.extensions ?? [];
    if (extensions.length === 0) continue;
    lines.push('', `\\connect ${ident(db)}`, ...extensions.map((e) => `CREATE EXTENSION IF NOT EXISTS ${ident(e)};`));
  }
  if (opts.pgbouncerAuthQuery) lines.push('', `\\connect ${SUPERUSER}`, ...pgbouncerAuthFunction());
  return `${lines.join('\n')}\n`;
}

function passwordRole(role: string, options: string[], passwordFile: string): string[] {
  return [
    `\\set role_password \`cat ${shellQuote(passwordFile)}\``,
    `SELECT format('CREATE ROLE %I', ${literal(role)}) WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = ${literal(role)})\\gexec`,
    `ALTER ROLE ${ident(role)} WITH ${options.join(' ')} PASSWORD :'role_password';`,
    '\\unset role_password',
  ];
}

/**
 * auth_query support: a SECURITY DEFINER lookup the auth role may call; it never returns the
 * superuser, the replication user or any other superuser, so PgBouncer cannot log those in.
 */
function pgbouncerAuthFunction(): string[] {
  return [
    `CREATE SCHEMA IF NOT EXISTS ${PGBOUNCER_AUTH_SCHEMA};`,
    `CREATE OR REPLACE FUNCTION ${PGBOUNCER_AUTH_FUNCTION}(p_usename text) RETURNS TABLE (usename name, passwd text)`,
    '  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog AS',
    `  $$ SELECT usename, passwd FROM pg_catalog.pg_shadow WHERE usename = p_usename AND NOT usesuper AND NOT userepl AND usename NOT IN (${literal(SUPERUSER)}, ${literal(REPLICATION_USER)}) $$;`,
    `REVOKE ALL ON FUNCTION ${PGBOUNCER_AUTH_FUNCTION}(text) FROM PUBLIC;`,
    `GRANT USAGE ON SCHEMA ${PGBOUNCER_AUTH_SCHEMA} TO ${ident(PGBOUNCER_AUTH_USER)};`,
    `GRANT EXECUTE ON FUNCTION ${PGBOUNCER_AUTH_FUNCTION}(text) TO ${ident(PGBOUNCER_AUTH_USER)};`,
  ];
}

function ident(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

function literal(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

function shellQuote(value: string): string {
  return `'${value.replace(/'/g, "'\\''")}'`;
}
