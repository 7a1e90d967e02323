import { PlatformDefinition } from '../charts/spec';

/**
 * Reconciliation app: Next.js frontend and Rust/Actix backend (HTTP + WebSocket) over
 * Postgres 15 with a read replica and WAL archiving for point-in-time recovery (RPO 5 min),
 * and Redis 7 with Sentinel. Alerts follow the app's SLOs: error rate > 5% for 2 min,
 * p95 > 2 s, CPU > 80%, memory > 90%, disk > 85%.
 */
export const recon: PlatformDefinition = {
  name: 'recon',
  description: 'Reconciliation app: frontend + backend, Postgres 15 with replica and PITR, Redis 7 + Sentinel',
  base: {
    namespace: 'recon',
    postgres: {
      name: 'recon-db',
      members: 2,
      version: 15,
      storage: { size: '50Gi' },
      parameters: { max_connections: 200, shared_buffers: '512MB', wal_level: 'replica', archive_timeout: '300s' },
      superuserSecret: { name: 'recon-db-superuser', key: 'password' },
      replicationSecret: { name: 'recon-db-replication', key: 'password' },
      roles: { recon: { passwordSecret: { name: 'recon-db-app', key: 'password' } } },
      databases: { recon: { owner: 'recon' } },
      pgbouncer: { poolMode: 'transaction', maxClientConn: 500, readOnlyPool: true },
      backup: {
        destination: 's3://recon-pg-backups/base',
        credentialsSecret: 'recon-db-backup-s3',
        schedule: '0 2 * * *',
        retentionDays: 30,
        // the seed's weekly archives: a Sunday dump kept a year, beyond the 30-day restore window
        logicalDumpSchedule: '0 3 * * 0',
        logicalDumpRetentionDays: 365,
      },
    },
    redis: {
      name: 'recon-redis',
      evictionPolicy: 'allkeys-lru',
      maxmemory: '1gb',
      passwordSecret: { name: 'recon-redis', key: 'password' },
      storage: { size: '5Gi' },
    },
    services: {
      frontend: {
        image: 'ghcr.io/recon/frontend:1.4.0',
        ports: { web: { port: 3000, protocol: 'http' } },
        healthPath: '/api/health',
        talksTo: ['backend'],
        maxReplicas: 6,
      },
      backend: {
        image: 'ghcr.io/recon/backend:1.4.0',
        ports: { api: { port: 8080, protocol: 'http' } },
        talksTo: ['postgres', 'redis'],
        // the app reads its database password as DATABASE_PASSWORD
        envNames: { PGPASSWORD: 'DATABASE_PASSWORD' },
        maxReplicas: 8,
        targetCpuPercent: 70,
      },
    },
    edge: {
      hosts: ['recon.example.com'],
      tlsSecret: 'recon-edge-tls',
      routes: [
        { prefix: '/api/', service: 'backend', port: 'api' },
        { prefix: '/ws', service: 'backend', port: 'api', websocket: true },
        { prefix: '/', service: 'frontend', port: 'web' },
      ],
      // the seed's "CORS configuration" and "security headers", at the gateway
      cors: { allowOrigins: ['https://recon.example.com'], allowCredentials: true },
      securityHeaders: true,
    },
    monitoring: {
      thresholds: { errorRatio: 0.05, p95LatencySeconds: 2, cpuRatio: 0.8, memoryRatio: 0.9, volumeRatio: 0.85 },
    },
    gitops: { repoUrl: 'https://github.com/recon/platform-manifests.git' },
  },
  environments: {
    dev: {
      postgres: { members: 1, storage: { size: '5Gi' }, backup: null, pgbouncer: { replicas: 1, readOnlyPool: false } },
      redis: { replicas: 1, storage: { size: '1Gi' } },
      services: { frontend: { replicas: 1, maxReplicas: null }, backend: { replicas: 1, maxReplicas: null } },
      edge: { hosts: ['recon.dev.example.com'], tlsSecret: null, cors: { allowOrigins: ['http://recon.dev.example.com'] } },
    },
    staging: {
      edge: { hosts: ['recon.staging.example.com'], cors: { allowOrigins: ['https://recon.staging.example.com'] } },
    },
    prod: {
      postgres: { storage: { size: '500Gi', storageClass: 'gp3' }, resources: { cpuRequest: '4', memoryRequest: '16Gi' } },
      redis: { storage: { size: '20Gi' } },
    },
  },
};
