import { KafkaTopicSpec, PlatformDefinition } from '../charts/spec';

const service = (port: number, db: string, extra: { talksTo?: string[]; produces?: string[]; consumes?: string[]; consumerGroup?: string } = {}) => ({
  image: `ghcr.io/wallet-platform/${db.replace(/_/g, '-')}:1.0.0`,
  ports: { api: { port, protocol: 'http' as const } },
  // the services read DB_HOST, DB_PORT, DB_NAME, DB_USER and DB_PASSWORD, and the shared events
  // library the brokers from KAFKA_BROKERS (REDIS_* and the other KAFKA_* match the generated names)
  envNames: {
    PGHOST: 'DB_HOST', PGPORT: 'DB_PORT', PGDATABASE: 'DB_NAME', PGUSER: 'DB_USER', PGPASSWORD: 'DB_PASSWORD',
    KAFKA_BOOTSTRAP_SERVERS: 'KAFKA_BROKERS',
  },
  postgres: { database: db },
  talksTo: ['postgres', 'redis', 'kafka', ...(extra.talksTo ?? [])],
  produces: extra.produces,
  consumes: extra.consumes,
  consumerGroup: extra.consumerGroup,
});

/** One topic per publishing service, for the event types it owns (identity.*, wallet.*, transaction.*, admin.*). */
const EVENT_TOPICS = ['user-events', 'wallet-events', 'transaction-events', 'admin-events'];
const eventTopics = (topic: KafkaTopicSpec): Record<string, KafkaTopicSpec> => Object.fromEntries(EVENT_TOPICS.map((name) => [name, topic]));

const role = (db: string) => ({ passwordSecret: { name: `wallet-db-${db.replace(/_/g, '-')}`, key: 'password' } });

/**
 * Wallet microservices: identity, wallet, transaction and admin services, each with its own
 * database (one Postgres cluster, one database and owner per service), a Redis cache for
 * balances, and Kafka (moved from a compose broker to Strimzi): each service publishes its own
 * event types to its own topic (identity to user-events, as in the seed) and the wallet service
 * consumes user-events in the seed's group wallet-service-group.
 * The Kong routes /api/v1/<service>/* become the Istio edge.
 */
export const wallet: PlatformDefinition = {
  name: 'wallet',
  description: 'Wallet microservices: identity/wallet/transaction/admin, Postgres per-service databases, Redis cache, Kafka',
  base: {
    namespace: 'wallet',
    postgres: {
      name: 'wallet-db',
      storage: { size: '20Gi' },
      parameters: { max_connections: 200, shared_buffers: '256MB' },
      superuserSecret: { name: 'wallet-db-superuser', key: 'password' },
      replicationSecret: { name: 'wallet-db-replication', key: 'password' },
      roles: {
        identity_service: role('identity_service'),
        wallet_service: role('wallet_service'),
        transaction_service: role('transaction_service'),
        admin_service: role('admin_service'),
      },
      databases: {
        identity_service: { owner: 'identity_service', extensions: ['uuid-ossp'] },
        wallet_service: { owner: 'wallet_service', extensions: ['uuid-ossp'] },
        transaction_service: { owner: 'transaction_service', extensions: ['uuid-ossp'] },
        admin_service: { owner: 'admin_service', extensions: ['uuid-ossp'] },
      },
      pgbouncer: {},
    },
    redis: {
      name: 'wallet-redis',
      evictionPolicy: 'allkeys-lru',
      maxmemory: '512mb',
      passwordSecret: { name: 'wallet-redis', key: 'password' },
      storage: { size: '2Gi' },
    },
    kafka: {
      name: 'wallet-kafka',
      storage: { size: '50Gi' },
      topics: eventTopics({ partitions: 6, replicas: 3, config: { 'retention.ms': 7 * 24 * 3600 * 1000, 'compression.type': 'lz4' } }),
    },
    services: {
      'identity-service': service(3001, 'identity_service', { produces: ['user-events'] }),
      'wallet-service': service(3002, 'wallet_service', {
        talksTo: ['identity-service'], produces: ['wallet-events'], consumes: ['user-events'], consumerGroup: 'wallet-service-group',
      }),
      'transaction-service': service(3003, 'transaction_service', { talksTo: ['wallet-service'], produces: ['transaction-events'] }),
      'admin-service': service(3004, 'admin_service', { talksTo: ['identity-service', 'wallet-service'], produces: ['admin-events'] }),
    },
    edge: {
      hosts: ['api.wallet.example.com'],
      tlsSecret: 'wallet-edge-tls',
      // Kong's plugins: JWT on the protected routes, 20/100/200 requests a minute for public/protected/admin
      routes: [
        { prefix: '/api/v1/identity/', service: 'identity-service', rateLimitPerMinute: 20 },
        { prefix: '/api/v1/wallet/', service: 'wallet-service', access: 'jwt', rateLimitPerMinute: 100 },
        { prefix: '/api/v1/transactions/', service: 'transaction-service', access: 'jwt', rateLimitPerMinute: 100 },
        { prefix: '/api/v1/admin/', service: 'admin-service', access: 'jwt', rateLimitPerMinute: 200 },
      ],
      // the identity service signs with a key pair and publishes the public half (docs/seed-requirements.md)
      jwt: { issuer: 'https://api.wallet.example.com', jwksUri: 'https://api.wallet.example.com/api/v1/identity/.well-known/jwks.json' },
    },
    // Kong's request/response logging: each sidecar logs the requests it serves
    mesh: { accessLogging: true },
    gitops: { repoUrl: 'https://github.com/wallet-platform/platform-manifests.git' },
  },
  environments: {
    dev: {
      postgres: { members: 1, storage: { size: '5Gi' }, pgbouncer: { replicas: 1 } },
      redis: { replicas: 1, storage: { size: '1Gi' } },
      kafka: { combinedRoles: true, brokers: 1, storage: { size: '10Gi' }, topics: eventTopics({ partitions: 3, replicas: 1, config: { 'retention.ms': 86400000, 'compression.type': 'lz4' } }) },
      services: {
        'identity-service': { replicas: 1 },
        'wallet-service': { replicas: 1 },
        'transaction-service': { replicas: 1 },
        'admin-service': { replicas: 1 },
      },
      edge: { hosts: ['api.dev.wallet.example.com'], tlsSecret: null },
    },
    // staging rehearses prod's synchronous replication (without prod's backups)
    staging: { postgres: { synchronous: true } },
    prod: {
      // the seed's "set up database backups" for production
      postgres: {
        synchronous: true,
        storage: { size: '200Gi' },
        backup: { destination: 's3://wallet-pg-backups/prod', credentialsSecret: 'wallet-db-backup-s3', schedule: '0 * * * *', retentionDays: 30, logicalDumpSchedule: '30 2 * * *' },
      },
      redis: { maxmemory: '2gb', storage: { size: '10Gi' } },
      kafka: { storage: { size: '200Gi' }, topics: { 'user-events': { partitions: 12 } } },
    },
  },
};
