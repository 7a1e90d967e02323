import { AppServiceSpec, PlatformSpec } from '../../../charts/spec';
import { K8sObject, synthSpec } from '../../helpers';

/**
 * A platform exercising every kind of caller: web (edge "/") calls api; api (edge "/api/",
 * http + grpc) calls postgres and rates; rates is gRPC-only; chat is WebSocket (edge "/ws");
 * legacy is TCP-only; worker is called by nobody.
 */
export const SHOP: PlatformSpec = {
  namespace: 'shop',
  postgres: {
    storage: { size: '1Gi' },
    superuserSecret: { name: 'pg-superuser', key: 'password' },
    replicationSecret: { name: 'pg-replication', key: 'password' },
  },
  services: {
    web: { image: 'ghcr.io/shop/web:1.0.0', ports: { http: { port: 3000 } }, talksTo: ['api'], healthPath: '/healthz' },
    api: {
      image: 'ghcr.io/shop/api:2.3.1',
      ports: { api: { port: 8080, protocol: 'http' }, rpc: { port: 9090, protocol: 'grpc' } },
      replicas: 3,
      maxReplicas: 10,
      targetCpuPercent: 60,
      env: { LOG_LEVEL: 'info', DATABASE_URL: 'postgres://app:$(DB_PASSWORD)@postgres:5432/shop' },
      secretEnv: { DB_PASSWORD: { name: 'shop-db-app', key: 'password' } },
      configMaps: ['api-config'],
      cloudRole: 'arn:aws:iam::123456789012:role/shop-api',
      talksTo: ['postgres', 'rates'],
      traffic: { retries: 2, timeout: '5s' },
    },
    rates: { image: 'ghcr.io/shop/rates:0.9.0', ports: { rpc: { port: 50051, protocol: 'grpc' } } },
    chat: { image: 'ghcr.io/shop/chat:1.1.0', ports: { ws: { port: 8089, protocol: 'ws' } }, replicas: 1 },
    legacy: { image: 'ghcr.io/shop/legacy:3.0.0', ports: { raw: { port: 7000, protocol: 'tcp' } }, talksTo: ['api'] },
    worker: { image: 'ghcr.io/shop/worker:1.0.0', ports: { http: { port: 8080 } }, metricsPath: '/internal/metrics' },
  },
  edge: {
    hosts: ['shop.example.com'],
    tlsSecret: 'shop-tls',
    routes: [
      { prefix: '/', service: 'web' },
      { prefix: '/api/', service: 'api', port: 'api' },
      { prefix: '/ws', service: 'chat' },
    ],
  },
  mesh: { traffic: { retries: 3, perTryTimeout: '2s', timeout: '10s', maxConnections: 500 } },
};

/** SHOP with some services replaced or added. */
export function shopWith(services: Record<string, AppServiceSpec>, extra: Partial<PlatformSpec> = {}): PlatformSpec {
  return { ...SHOP, services: { ...SHOP.services, ...services }, ...extra };
}

/** Objects of one service's file. */
export function serviceObjects(spec: PlatformSpec, name: string): K8sObject[] {
  const objects = synthSpec(spec).get(`svc-${name}`);
  if (!objects) throw new Error(`no file svc-${name}`);
  return objects;
}
