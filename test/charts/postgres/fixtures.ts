import { applyOverride } from '../../../charts/lib/merge';
import { Override, PlatformSpec } from '../../../charts/spec';
import { K8sObject, synthSpec } from '../../helpers';

/** A full-featured Postgres spec: three members, backups with a logical dump, both pools, one caller. */
export const SHOP: PlatformSpec = {
  namespace: 'shop',
  postgres: {
    name: 'shop-db',
    members: 3,
    storage: { size: '20Gi', storageClass: 'fast' },
    parameters: { max_connections: 200, shared_buffers: '512MB' },
    pgHba: ['host shop reporting 10.0.0.0/8 reject'],
    synchronous: true,
    superuserSecret: { name: 'shop-db-superuser', key: 'password' },
    replicationSecret: { name: 'shop-db-replication', key: 'password' },
    roles: {
      app: { passwordSecret: { name: 'shop-db-app', key: 'password' } },
      reporting: { passwordSecret: { name: 'shop-db-reporting', key: 'pw' }, options: ['NOINHERIT', 'CONNECTION LIMIT 5'] },
    },
    databases: { shop: { owner: 'app', extensions: ['pg_trgm', 'timescaledb'] } },
    initSqlConfigMap: 'shop-migrations',
    backup: {
      destination: 's3://shop-backups/prod',
      endpoint: 'https://minio.storage:9000',
      credentialsSecret: 'shop-db-s3',
      logicalDumpSchedule: '0 3 * * 0',
    },
    pgbouncer: { readOnlyPool: true, defaultPoolSize: 30 },
  },
  services: {
    api: { image: 'ghcr.io/shop/api:1.0.0', ports: { http: { port: 8080, protocol: 'http' } }, talksTo: ['postgres'] },
  },
};

/** SHOP with an override applied (null removes a key). */
export function shop(override: Override<PlatformSpec> = {}): PlatformSpec {
  return applyOverride(SHOP, override);
}

export function synthFile(spec: PlatformSpec, file: string): K8sObject[] {
  const objects = synthSpec(spec).get(file);
  if (!objects) throw new Error(`no ${file} file`);
  return objects;
}

export function container(pod: K8sObject, name: string): K8sObject {
  const c = [...(pod.spec.initContainers ?? []), ...pod.spec.containers].find((x: K8sObject) => x.name === name);
  if (!c) throw new Error(`no container ${name}`);
  return c;
}

export function envOf(c: K8sObject): Record<string, K8sObject> {
  return Object.fromEntries((c.env ?? []).map((e: K8sObject) => [e.name, e]));
}
