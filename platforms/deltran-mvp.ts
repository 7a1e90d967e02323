import { PlatformDefinition } from '../charts/spec';

const DAY = 24;
/**
 * Event streams of the payment network: one stream per domain, `events.<domain>.<action>`
 * subjects. The notification engine reads every stream through a durable consumer of its own
 * ("durable consumers for guaranteed processing"): what it has not acknowledged survives its restarts.
 */
const stream = (domain: string, days: number, maxBytes: string) => ({
  subjects: [`events.${domain}.*`],
  maxAge: `${days * DAY}h`,
  maxBytes,
  storage: 'file' as const,
  duplicateWindow: '2m',
  consumers: { 'notification-engine': { deliverPolicy: 'all' as const, ackPolicy: 'explicit' as const } },
});

/** The engines read their database password as DATABASE_PASSWORD; the other variables keep their generated names. */
const DATABASE_PASSWORD = { PGPASSWORD: 'DATABASE_PASSWORD' };

/**
 * Payment clearing MVP: gateway and four engines over TimescaleDB-flavoured Postgres, a Redis
 * cache and eight JetStream event streams, behind an edge that routes /api/v1/ and /ws.
 */
export const deltranMvp: PlatformDefinition = {
  name: 'deltran-mvp',
  description: 'Payment clearing MVP: gateway + clearing/settlement/notification/reporting engines, Postgres, Redis cache, NATS JetStream',
  base: {
    namespace: 'deltran',
    postgres: {
      name: 'deltran-db',
      members: 3,
      storage: { size: '20Gi' },
      parameters: { max_connections: 200, shared_buffers: '256MB', wal_level: 'replica' },
      superuserSecret: { name: 'deltran-db-superuser', key: 'password' },
      replicationSecret: { name: 'deltran-db-replication', key: 'password' },
      roles: { deltran: { passwordSecret: { name: 'deltran-db-app', key: 'password' } } },
      databases: { deltran: { owner: 'deltran', extensions: ['timescaledb', 'uuid-ossp'] } },
      initSqlConfigMap: 'deltran-migrations',
      pgbouncer: { poolMode: 'transaction', maxClientConn: 1000, defaultPoolSize: 20 },
    },
    redis: {
      name: 'deltran-cache',
      maxmemory: '512mb',
      evictionPolicy: 'allkeys-lru',
      appendOnly: true,
      passwordSecret: { name: 'deltran-redis', key: 'password' },
      storage: { size: '2Gi' },
    },
    nats: {
      name: 'deltran-events',
      servers: 3,
      storage: { size: '100Gi' },
      maxMemoryStore: '1Gi',
      streams: {
        TRANSACTIONS: stream('transactions', 7, '1GB'),
        COMPLIANCE: stream('compliance', 30, '5GB'),
        // money movements: on disk before the acknowledgement
        SETTLEMENT: { ...stream('settlement', 90, '5GB'), syncEveryMessage: true },
        CLEARING: stream('clearing', 30, '1GB'),
        NOTIFICATIONS: stream('notifications', 7, '2GB'),
        REPORTING: stream('reporting', 90, '10GB'),
        RISK: stream('risk', 30, '1GB'),
        AUDIT: { ...stream('audit', 180, '50GB'), syncEveryMessage: true },
      },
    },
    services: {
      gateway: {
        image: 'ghcr.io/deltran/gateway:0.1.0',
        ports: { api: { port: 8080, protocol: 'http' } },
        talksTo: ['postgres', 'redis', 'nats', 'clearing-engine', 'settlement-engine', 'reporting-engine'],
        // the transaction lifecycle, with its compliance and risk checks, starts at the gateway
        natsPublishes: ['events.transactions.*', 'events.compliance.*', 'events.risk.*', 'events.audit.*'],
        envNames: DATABASE_PASSWORD,
        maxReplicas: 6,
      },
      'clearing-engine': {
        image: 'ghcr.io/deltran/clearing-engine:0.1.0',
        ports: { api: { port: 8085, protocol: 'http' }, rpc: { port: 50055, protocol: 'grpc' } },
        talksTo: ['postgres', 'redis', 'nats'],
        natsPublishes: ['events.clearing.*', 'events.audit.*'],
        envNames: DATABASE_PASSWORD,
      },
      'settlement-engine': {
        image: 'ghcr.io/deltran/settlement-engine:0.1.0',
        ports: { api: { port: 8086, protocol: 'http' }, rpc: { port: 50056, protocol: 'grpc' } },
        talksTo: ['postgres', 'redis', 'nats'],
        natsPublishes: ['events.settlement.*', 'events.audit.*'],
        envNames: DATABASE_PASSWORD,
      },
      'notification-engine': {
        image: 'ghcr.io/deltran/notification-engine:0.1.0',
        ports: { ws: { port: 8089, protocol: 'ws' } },
        talksTo: ['postgres', 'redis', 'nats'],
        // every event reaches the WebSocket hub
        natsSubscribes: ['events.>'],
        natsPublishes: ['events.notifications.*'],
        envNames: DATABASE_PASSWORD,
      },
      'reporting-engine': {
        image: 'ghcr.io/deltran/reporting-engine:0.1.0',
        ports: { api: { port: 8088, protocol: 'http' } },
        talksTo: ['postgres', 'nats'],
        natsPublishes: ['events.reporting.*'],
        envNames: DATABASE_PASSWORD,
      },
    },
    // the seed's Envoy edge: client certificates, TLS 1.3, 10,000 requests/min in all and 1,000 per route
    edge: {
      hosts: ['api.deltran.example.com'],
      tlsSecret: 'deltran-edge-tls',
      tlsMode: 'MUTUAL',
      minTlsVersion: '1.3',
      rateLimitPerMinute: 10000,
      routes: [
        { prefix: '/api/v1/', service: 'gateway', port: 'api', rateLimitPerMinute: 1000 },
        { prefix: '/ws', service: 'notification-engine', port: 'ws', rateLimitPerMinute: 1000 },
        // /health is public; /metrics and /admin are not routed (Prometheus scrapes inside, Envoy's admin stays local)
        { prefix: '/health', service: 'gateway', port: 'api', rateLimitPerMinute: 1000 },
      ],
    },
    mesh: {
      mtls: 'STRICT',
      traffic: { retries: 3, perTryTimeout: '3s', timeout: '10s', maxConnections: 1000, consecutive5xxErrors: 5, baseEjectionTime: '30s' },
    },
    // the seed's alert list: "High error rate (5xx > 1%)"
    monitoring: { selectorLabels: { release: 'kube-prometheus-stack' }, thresholds: { errorRatio: 0.01 } },
    gitops: { repoUrl: 'https://github.com/deltran/platform-manifests.git' },
  },
  environments: {
    dev: {
      postgres: { members: 1, storage: { size: '5Gi' }, pgbouncer: { replicas: 1 } },
      redis: { replicas: 1, storage: { size: '1Gi' } },
      // JetStream reserves every stream's maxBytes up front: dev's 10Gi volume holds 8GB of streams
      nats: {
        servers: 1,
        storage: { size: '10Gi' },
        streams: {
          TRANSACTIONS: { maxBytes: '1GB' }, COMPLIANCE: { maxBytes: '1GB' }, SETTLEMENT: { maxBytes: '1GB' }, CLEARING: { maxBytes: '512MB' },
          NOTIFICATIONS: { maxBytes: '512MB' }, REPORTING: { maxBytes: '1GB' }, RISK: { maxBytes: '512MB' }, AUDIT: { maxBytes: '2GB' },
        },
      },
      services: {
        gateway: { replicas: 1, maxReplicas: null },
        'clearing-engine': { replicas: 1 },
        'settlement-engine': { replicas: 1 },
        'notification-engine': { replicas: 1 },
        'reporting-engine': { replicas: 1 },
      },
      edge: { hosts: ['api.dev.deltran.example.com'], tlsSecret: null, tlsMode: null, minTlsVersion: null },
    },
    staging: {
      edge: { hosts: ['api.staging.deltran.example.com'] },
    },
    prod: {
      postgres: {
        storage: { size: '200Gi', storageClass: 'gp3' },
        synchronous: true,
        backup: { destination: 's3://deltran-pg-backups/prod', credentialsSecret: 'deltran-pg-backup-s3', schedule: '0 * * * *', retentionDays: 30 },
        resources: { cpuRequest: '2', memoryRequest: '8Gi' },
      },
      redis: { maxmemory: '2gb', storage: { size: '10Gi', storageClass: 'gp3' }, resources: { memoryRequest: '3584Mi' } },
      // one node lost costs each R3 stream one replica at most
      nats: { storage: { size: '200Gi', storageClass: 'gp3' }, requireSeparateNodes: true },
    },
  },
};
