import { ProblemCollector } from '../lib/errors';
import { AppServiceSpec, PlatformSpec } from '../spec';
import { managesCredentials, serviceDatabase } from './connection-env';

/** A Kubernetes environment variable name. */
export const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

const list = (names: string[]) => names.map((n) => JSON.stringify(n)).join(', ') || 'none declared';

/** The `postgres` field of one service (its renames are checked with the other generated names, see lib/env-names). */
export function checkConnections(c: ProblemCollector, spec: PlatformSpec, path: string, name: string, svc: AppServiceSpec): void {
  checkPostgresAccess(c, spec, path, name, svc);
}

function checkPostgresAccess(c: ProblemCollector, spec: PlatformSpec, path: string, name: string, svc: AppServiceSpec): void {
  const talks = (svc.talksTo ?? []).includes('postgres');
  if (svc.postgres !== undefined && !talks) {
    c.add(`${path}.postgres`, svc.postgres, 'a service that lists "postgres" in talksTo', 'add "postgres" to talksTo, or remove the postgres field');
    return;
  }
  const pg = spec.postgres;
  if (!talks || !pg || !managesCredentials(pg, svc)) return;
  const databases = Object.keys(pg.databases ?? {});
  const roles = Object.keys(pg.roles ?? {});
  if (svc.postgres?.readOnly !== undefined && typeof svc.postgres.readOnly !== 'boolean') {
    c.add(`${path}.postgres.readOnly`, svc.postgres.readOnly, 'true or false', 'write readOnly: true for the replicas, or remove it');
  }
  const database = serviceDatabase(pg, name, svc);
  if (database === undefined) {
    c.add(`${path}.postgres.database`, undefined,
      `a database of postgres.databases (${list(databases)}); none is named "${name.replace(/-/g, '_')}" and there is not exactly one`,
      'set postgres: { database: "<name>" } on the service, or declare its database under postgres.databases');
    return;
  }
  if (!databases.includes(database)) {
    c.add(`${path}.postgres.database`, database, `a database of postgres.databases (${list(databases)})`, `declare "${database}" under postgres.databases or fix the name`);
  }
  // a default user is its database's owner, which the Postgres checks already hold to postgres.roles
  const user = svc.postgres?.user;
  if (user !== undefined && !roles.includes(user)) {
    c.add(`${path}.postgres.user`, user, `a role of postgres.roles (${list(roles)}), whose Secret holds the password the service logs in with`,
      'declare the role under postgres.roles with its passwordSecret, or fix the name');
  }
}
