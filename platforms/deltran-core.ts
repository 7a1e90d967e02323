import { PlatformDefinition } from '../charts/spec';

/**
 * Ledger core: Postgres primary with two streaming replicas behind PgBouncer (transaction
 * pooling, 1000 clients), hourly backups kept 30 days, and Redis with three Sentinels
 * (quorum 2) holding sessions, rate-limit counters and idempotency keys.
 */
export const deltranCore: PlatformDefinition = {
  name: 'deltran-core',
  description: 'Ledger core: Postgres HA (1 primary + 2 replicas) behind PgBouncer, Redis + Sentinel, ledger API',
  base: {
    namespace: 'deltran-core',
    postgres: {
      name: 'ledger-db',
      members: 3,
      storage: { size: '20Gi' },
      parameters: { max_connections: 200, shared_buffers: '256MB', wal_level: 'replica', wal_compression: 'on' },
      superuserSecret: { name: 'ledger-db-superuser', key: 'password' },
      replicationSecret: { name: 'ledger-db-replication', key: 'password' },
      roles: { deltran_app: { passwordSecret: { name: 'ledger-db-app', key: 'password' } } },
      databases: { deltran: { owner: 'deltran_app', extensions: ['uuid-ossp'] } },
      initSqlConfigMap: 'ledger-migrations',
      pgbouncer: { poolMode: 'transaction', maxClientConn: 1000, defaultPoolSize: 25, readOnlyPool: true },
      backup: {
        destination: 's3://deltran-ledger-backups/base',
        credentialsSecret: 'ledger-db-backup-s3',
        schedule: '0 * * * *',
        retentionDays: 30,
        // the seed's hourly SQL dumps, gzip-compressed, half an hour after each base backup
        logicalDumpSchedule: '30 * * * *',
        // the seed's "backup encryption": a base64 32-byte key, created outside Git
        encryptionKeySecret: { name: 'ledger-db-backup-key', key: 'key' },
      },
    },
    redis: {
      name: 'ledger-redis',
      replicas: 3,
      sentinels: 3,
      quorum: 2,
      evictionPolicy: 'allkeys-lru',
      appendOnly: true,
      save: ['900 1', '300 10', '60 10000'],
      maxmemory: '1gb',
      passwordSecret: { name: 'ledger-redis', key: 'password' },
      storage: { size: '5Gi' },
    },
    services: {
      'ledger-api': {
        image: 'ghcr.io/deltran/ledger-api:0.3.0',
        ports: { api: { port: 8080, protocol: 'http' } },
        healthPath: '/api/v1/health',
        // the ledger's RocksDB lives on the pod's own disk (the seed's ./data/ledger); one
        // writer: the ledger is not replicated between pods, so it runs as one pod
        replicas: 1,
        state: { mountPath: '/var/lib/ledger', volume: { size: '20Gi' } },
        talksTo: ['postgres', 'redis'],
        // the app reads its database password as DATABASE_PASSWORD
        envNames: { PGPASSWORD: 'DATABASE_PASSWORD' },
        secretEnv: { JWT_SECRET: { name: 'ledger-api-jwt', key: 'secret' } },
      },
    },
    mesh: { mtls: 'STRICT' },
    gitops: { repoUrl: 'https://github.com/deltran/platform-manifests.git' },
  },
  environments: {
    dev: {
      postgres: { members: 1, storage: { size: '5Gi' }, backup: null, pgbouncer: { replicas: 1, readOnlyPool: false } },
      redis: { replicas: 1, storage: { size: '1Gi' } },
      services: { 'ledger-api': { state: { volume: { size: '5Gi' } } } },
    },
    staging: {},
    prod: {
      postgres: { synchronous: true, storage: { size: '100Gi', storageClass: 'gp3' }, resources: { cpuRequest: '2', memoryRequest: '8Gi' } },
      redis: { maxmemory: '4gb', storage: { size: '20Gi' }, resources: { memoryRequest: '7Gi' } },
      services: { 'ledger-api': { state: { volume: { size: '100Gi', storageClass: 'gp3' } } } },
    },
  },
};
