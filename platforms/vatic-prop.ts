import { KafkaTopicSpec, PlatformDefinition } from '../charts/spec';

const DAY_MS = 24 * 60 * 60 * 1000;
const topic = (partitions: number, days: number): KafkaTopicSpec => ({
  partitions,
  replicas: 3,
  config: { 'retention.ms': days * DAY_MS, 'compression.type': 'lz4', 'min.insync.replicas': 2 },
});
/** Expands a topic family "prefix.{a,b}" into one entry per member. */
const family = (prefix: string, members: string[], spec: KafkaTopicSpec): Record<string, KafkaTopicSpec> =>
  Object.fromEntries(members.map((m) => [`${prefix}${m}`, spec]));

const topics: Record<string, KafkaTopicSpec> = {
  ...family('market-data.', ['btc-ticks', 'eth-ticks', 'sol-ticks', 'polymarket-ticks', 'kalshi-ticks'], topic(3, 7)),
  ...family('trading.', ['order-placed', 'order-filled', 'position-opened', 'position-closed'], topic(6, 30)),
  ...family('assessment.', ['created', 'started', 'paused', 'abandoned', 'completed'], topic(6, 30)),
  'rules.violation-detected': topic(6, 30),
  ...family('payment.', ['purchase-completed', 'purchase-failed'], topic(3, 30)),
  ...family('montecarlo.', ['simulation-started', 'simulation-completed'], topic(3, 30)),
};

/** Dev runs one combined-role Kafka node: every topic drops to one replica and one in-sync replica. */
const singleReplicaTopics = Object.fromEntries(
  Object.keys(topics).map((name) => [name, { replicas: 1, config: { 'min.insync.replicas': 1 } }]),
);

/**
 * Prop-trading platform on EKS: core, market-data, Monte Carlo and report services in an
 * Istio mesh (STRICT mTLS, 3 retries, 10 s timeout), Kafka moved from MSK to Strimzi with the
 * same topic families (lz4, RF 3, 7 days for ticks, 30 days for business events), and a
 * Redis store (noeviction, AOF everysec, RDB save 60 1 / 300 10 / 900 1). The database
 * stays on CockroachDB Cloud, outside this platform.
 */
export const vaticProp: PlatformDefinition = {
  name: 'vatic-prop',
  description: 'Prop-trading services on Istio with Kafka (Strimzi, migrated from MSK) and a Redis store',
  base: {
    namespace: 'vatic-prop',
    redis: {
      name: 'vatic-redis',
      evictionPolicy: 'noeviction',
      appendOnly: true,
      save: ['60 1', '300 10', '900 1'],
      maxmemory: '2gb',
      passwordSecret: { name: 'vatic-redis', key: 'password' },
      storage: { size: '10Gi' },
    },
    kafka: {
      name: 'vatic-kafka',
      controllers: 3,
      brokers: 3,
      storage: { size: '100Gi' },
      rackTopologyKey: 'topology.kubernetes.io/zone',
      authentication: 'scram-sha-512',
      topics,
    },
    services: {
      'core-service': {
        image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/vatic-prop-core-service:2.1.0',
        ports: { api: { port: 8080, protocol: 'http' } },
        cloudRole: 'arn:aws:iam::123456789012:role/core-service-secrets-role',
        // the role's trust policy admits system:serviceaccount:<namespace>:core-service-sa
        serviceAccountName: 'core-service-sa',
        talksTo: ['redis', 'kafka', 'monte-carlo-service', 'report-service'],
        produces: ['trading.order-placed', 'trading.order-filled', 'trading.position-opened', 'trading.position-closed',
          'assessment.created', 'assessment.started', 'assessment.paused', 'assessment.abandoned', 'assessment.completed',
          'rules.violation-detected', 'payment.purchase-completed', 'payment.purchase-failed'],
        consumes: ['market-data.btc-ticks', 'market-data.eth-ticks', 'market-data.sol-ticks', 'montecarlo.simulation-completed'],
        // the database is CockroachDB Cloud, outside the platform: its URL stays a Secret of its own
        secretEnv: { DATABASE_URL: { name: 'vatic-prop-database', key: 'url' } },
        maxReplicas: 10,
      },
      'market-data-service': {
        image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/vatic-prop-market-data-service:2.1.0',
        ports: { api: { port: 8080, protocol: 'http' } },
        talksTo: ['kafka', 'redis'],
        produces: ['market-data.btc-ticks', 'market-data.eth-ticks', 'market-data.sol-ticks', 'market-data.polymarket-ticks', 'market-data.kalshi-ticks'],
      },
      'monte-carlo-service': {
        image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/vatic-prop-monte-carlo-service:2.1.0',
        ports: { rpc: { port: 9090, protocol: 'grpc' } },
        talksTo: ['kafka'],
        produces: ['montecarlo.simulation-started', 'montecarlo.simulation-completed'],
        consumes: ['assessment.started'],
        secretEnv: { DATABASE_URL: { name: 'vatic-prop-database', key: 'monte-carlo-url' } },
      },
      'report-service': {
        image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/vatic-prop-report-service:2.1.0',
        ports: { api: { port: 8080, protocol: 'http' } },
        talksTo: ['kafka'],
        consumes: ['assessment.completed', 'trading.position-closed'],
        secretEnv: { DATABASE_URL: { name: 'vatic-prop-database', key: 'report-url' } },
      },
    },
    edge: {
      hosts: ['api.vaticprop.example.com'],
      tlsSecret: 'vatic-edge-tls',
      routes: [{ prefix: '/', service: 'core-service', port: 'api' }],
    },
    mesh: { mtls: 'STRICT', traffic: { retries: 3, timeout: '10s', perTryTimeout: '3s' } },
    monitoring: { thresholds: { restartsPerHour: 5, cpuRatio: 0.8, memoryRatio: 0.85 } },
    gitops: { repoUrl: 'https://github.com/vatic-prop/platform-manifests.git' },
  },
  environments: {
    dev: {
      redis: { replicas: 1, storage: { size: '2Gi' } },
      kafka: { combinedRoles: true, brokers: 1, storage: { size: '10Gi' }, topics: singleReplicaTopics },
      services: {
        'core-service': { replicas: 1, maxReplicas: null },
        'market-data-service': { replicas: 1 },
        'monte-carlo-service': { replicas: 1 },
        'report-service': { replicas: 1 },
      },
      edge: { hosts: ['api.dev.vaticprop.example.com'], tlsSecret: null },
    },
    staging: {
      edge: { hosts: ['api.staging.vaticprop.example.com'] },
    },
    prod: {
      redis: { maxmemory: '12gb', storage: { size: '40Gi', storageClass: 'gp3' }, resources: { memoryRequest: '20Gi' } },
      kafka: { storage: { size: '100Gi', storageClass: 'gp3' }, cruiseControl: true },
    },
  },
};
