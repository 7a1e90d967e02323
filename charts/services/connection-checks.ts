import { ProblemCollector } from '../lib/errors';
import { AppServiceSpec, PlatformSpec } from '../spec';
import { managesCredentials, serviceDatabase } from './connection-env';
import { connectionEnv } from './pod-template';

/** A Kubernetes environment variable name. */
export const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

const list = (names: string[]) => names.map((n) => JSON.stringify(n)).join(', ') || 'none declared';

/** The `postgres` and `envNames` fields of one service, and the generated names against its own env. */
export function checkConnections(c: ProblemCollector, spec: PlatformSpec, path: string, name: string, svc: AppServiceSpec): void {
  checkPostgresAccess(c, spec, path, name, svc);
  checkEnvNames(c, spec, path, name, svc);
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

function checkEnvNames(c: ProblemCollector, spec: PlatformSpec, path: string, name: string, svc: AppServiceSpec): void {
  const ctx = { platform: '', environment: '', namespace: spec.namespace, spec };
  const generated = connectionEnv(ctx, name, { ...svc, envNames: undefined }).map((v) => v.name);
  const renames = svc.envNames ?? {};
  if (typeof renames !== 'object' || Array.isArray(renames)) {
    c.add(`${path}.envNames`, renames, 'an object from generated variable names to the names the app reads, e.g. { PGHOST: "DB_HOST" }', 'write it as an object, or remove it');
    return;
  }
  for (const [from, to] of Object.entries(renames)) {
    if (!generated.includes(from)) {
      c.add(`${path}.envNames.${from}`, from, `a variable this service gets (${list(generated)})`, 'fix the name, or remove the entry (the service does not talk to that component)');
    }
    if (typeof to !== 'string' || !ENV_NAME.test(to)) {
      c.add(`${path}.envNames.${from}`, to, 'an environment variable name (letters, digits, "_", "-", "."; not starting with a digit)', 'use the name the app reads, e.g. "DB_HOST"');
    }
  }
  const final = connectionEnv(ctx, name, svc).map((v) => v.name);
  const seen = new Set<string>();
  for (const n of final) {
    if (seen.has(n)) c.add(`${path}.envNames`, renames, `names that stay unique; "${n}" would be set twice`, `rename "${n}" to a name no other generated variable has`);
    seen.add(n);
    for (const key of ['env', 'secretEnv'] as const) {
      if (svc[key] && n in svc[key]!) {
        c.add(`${path}.${key}.${n}`, n, `a variable the platform does not generate (it sets ${n} from the spec; see docs/connections.md)`,
          `remove ${n} from ${key}, or give the generated one another name with envNames`);
      }
    }
  }
}
