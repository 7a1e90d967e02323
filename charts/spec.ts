/**
 * The platform spec: plain data, no behaviour. A platform is a base spec plus small
 * per-environment overrides (see platforms/). Every optional field documents the behaviour of
 * its default; defaults are resolved once, in the construct that owns the component.
 *
 * Secrets are never values here: a `SecretKeyRef` names a Secret that exists in the cluster.
 */
import { EscapeHatchesSpec } from './lib/patches';
import { PodOverridesSpec } from './lib/pod-overrides';

export type { EscapeHatchesSpec, JsonPatchOperation, ObjectPatchSpec } from './lib/patches';
export type { ExtraVolumeSpec, PodOverridesSpec, TolerationSpec } from './lib/pod-overrides';

/** Escape hatch of a data component: settings for every pod it runs. */
export interface WithPodOverrides {
  /** Image pull secrets, node placement, priority, pod annotations, extra volumes. @default none */
  readonly pod?: PodOverridesSpec;
}

/** Escape hatch of an application service: what its container runs. */
export interface AppServiceCommandSpec {
  /** Replaces the image's entrypoint. @default the image's ENTRYPOINT */
  readonly command?: string[];
  /** Replaces the image's arguments. @default the image's CMD */
  readonly args?: string[];
}

/** A key inside a Kubernetes Secret that the platform team creates outside Git. */
export interface SecretKeyRef {
  /** Secret name (DNS-1123 subdomain). */
  readonly name: string;
  /** Key inside the Secret. */
  readonly key: string;
}

/** CPU/memory requests and limits, Kubernetes quantity strings. */
export interface ResourcesSpec {
  /** @default component-specific */
  readonly cpuRequest?: string;
  /** @default component-specific */
  readonly memoryRequest?: string;
  /** CPU limit. @default none (CPU limits cause throttling; memory limit is always set) */
  readonly cpuLimit?: string;
  /** @default equal to memoryRequest (Guaranteed memory, no overcommit) */
  readonly memoryLimit?: string;
}

/** A persistent volume claimed per pod through volumeClaimTemplates. */
export interface VolumeSpec {
  /**
   * Size, e.g. "20Gi". Bounded by the largest single block volume the major clouds offer (64 TiB).
   * @maxQuantity 64Ti
   */
  readonly size: string;
  /** @default the cluster's default StorageClass */
  readonly storageClass?: string;
}

/** Platform-wide settings every component reads. */
export interface CommonSpec {
  /** Labels added to every object (never to selectors). @default none */
  readonly labels?: Record<string, string>;
  /** Value of `app.kubernetes.io/part-of`. @default the platform name */
  readonly partOf?: string;
  /** Image pull policy for every container. @default IfNotPresent */
  readonly imagePullPolicy?: 'Always' | 'IfNotPresent' | 'Never';
  /** StorageClass for every volume that does not name one. @default the cluster default */
  readonly storageClass?: string;
  /** Spread replicas across zones as well as nodes. @default true */
  readonly zoneSpread?: boolean;
}

// ---------------------------------------------------------------------------------------------
// Postgres + PgBouncer
// ---------------------------------------------------------------------------------------------

export interface PostgresDatabaseSpec {
  /** Owner role (declared in `roles`). */
  readonly owner: string;
  /** Extensions created in the database at bootstrap, e.g. ["uuid-ossp"]. @default none */
  readonly extensions?: string[];
}

export interface PostgresRoleSpec {
  /** Secret key holding this role's password. */
  readonly passwordSecret: SecretKeyRef;
  /** Extra role options, e.g. ["CREATEDB"]. @default LOGIN only */
  readonly options?: string[];
}

export interface PostgresBackupSpec {
  /** S3-compatible bucket URL, e.g. "s3://acme-pg-backups/prod". */
  readonly destination: string;
  /** S3 endpoint for non-AWS object stores. @default AWS S3 */
  readonly endpoint?: string;
  /** @default us-east-1 */
  readonly region?: string;
  /** Secret with AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY keys. */
  readonly credentialsSecret: string;
  /** Base backup schedule (cron). @default "0 * * * *" (hourly) */
  readonly schedule?: string;
  /**
   * Keep backups this many days. At most ten years: longer retention belongs in an archive tier, not the backup bucket.
   * @default 30
   * @asType integer
   * @minimum 1
   * @maximum 3650
   */
  readonly retentionDays?: number;
  /**
   * Delta backups between two full ones (WAL-G's delta max steps). Each delta holds the pages
   * changed since the last full backup, so a restore needs that full backup and one delta; 0 takes
   * a full backup every time. With the hourly default, 6 means a full backup every 7 hours.
   * @default 6
   * @asType integer
   * @minimum 0
   * @maximum 100
   */
  readonly deltaBackups?: number;
  /** Also run a logical pg_dumpall CronJob on this schedule; dumps are gzip-compressed. @default no logical dump */
  readonly logicalDumpSchedule?: string;
  /** Keep logical dumps this many days, e.g. weekly dumps kept a year as long-term archives. @default retentionDays */
  readonly logicalDumpRetentionDays?: number;
  /**
   * A 32-byte key, base64-encoded (`openssl rand -base64 32`), that encrypts every backup before
   * it leaves the pod: WAL-G seals base backups and WAL with libsodium, and logical dumps go
   * through `openssl enc -aes-256-cbc -pbkdf2` under the same key. Keep a copy outside the
   * cluster: without it no backup can be restored.
   * @default unencrypted (only the bucket's own encryption at rest)
   */
  readonly encryptionKeySecret?: SecretKeyRef;
  /** Image with kubectl that the backup CronJobs run to reach the current primary. @default pinned kubectl image */
  readonly kubectlImage?: string;
}

export interface PgBouncerSpec {
  /**
   * At most 20: each replica opens its own pools to the primary.
   * @default 2
   * @asType integer
   * @minimum 1
   * @maximum 20
   */
  readonly replicas?: number;
  /** @default transaction */
  readonly poolMode?: 'session' | 'transaction' | 'statement';
  /**
   * At most 100000: each client is an open file in PgBouncer.
   * @default 1000
   * @asType integer
   * @minimum 1
   * @maximum 100000
   */
  readonly maxClientConn?: number;
  /**
   * At most 1000: each is a Postgres server connection, and max_connections must exceed the sum over pools and replicas.
   * @default 20
   * @asType integer
   * @minimum 1
   * @maximum 1000
   */
  readonly defaultPoolSize?: number;
  /**
   * Prepared statements tracked per server connection (transaction mode). At most 100000: each is kept in PgBouncer memory per server connection.
   * @default 200
   * @asType integer
   * @minimum 0
   * @maximum 100000
   */
  readonly maxPreparedStatements?: number;
  /** Also run a read-only pool in front of `<name>-ro`. @default false */
  readonly readOnlyPool?: boolean;
  /** How PgBouncer authenticates clients. @default userlist (built from the roles' Secrets) */
  readonly authMode?: 'userlist' | 'auth_query';
  /** @default pinned pgbouncer image */
  readonly image?: string;
  readonly resources?: ResourcesSpec;
  /** Password of the `pgbouncer_auth` role that runs auth_query (created at bootstrap). @default none: required when authMode is auth_query */
  readonly authUserSecret?: SecretKeyRef;
  /**
   * Password of the admin console user `pgbouncer_admin`, with which the Postgres members PAUSE the
   * pools during a planned switchover and RESUME them after. @default Secret `<postgres name>-pooler-admin`, key `password`
   */
  readonly adminSecret?: SecretKeyRef;
  /** @default pinned pgbouncer_exporter image */
  readonly exporterImage?: string;
}

export interface PostgresTlsSpec {
  /**
   * A `kubernetes.io/tls` Secret (keys tls.crt and tls.key), e.g. from cert-manager, whose
   * certificate names the client Services `<name>-rw`, `<name>-ro`, `<name>-pooler` and
   * `<name>-pooler-ro`, short and as `<service>.<namespace>.svc`. Postgres and PgBouncer serve it;
   * after a renewal, run `patronictl reload` and PgBouncer's RELOAD (or restart) to load it.
   */
  readonly certificateSecret: string;
  /**
   * The CA certificate that signed it. With it PgBouncer and the applications verify the server
   * (sslmode verify-full, the CA mounted in their pods); without it they encrypt but do not
   * verify (sslmode require). A Secret of its own, so that no client pod mounts the private key.
   * @default no verification
   */
  readonly caSecret?: SecretKeyRef;
}

export interface PostgresSpec extends WithPodOverrides {
  /** Base name of every object. Changing it renames the StatefulSet (new volumes). @default "postgres" */
  readonly name?: string;
  /**
   * Members: one primary plus `members - 1` streaming replicas. At most 9: every member holds a full copy and streams WAL from the primary; more is a typo, not a plan.
   * @default 3
   * @asType integer
   * @minimum 1
   * @maximum 9
   */
  readonly members?: number;
  /** Postgres major version; must match the image. @default 15 */
  readonly version?: number;
  /** Image with Postgres and Patroni. @default pinned Spilo image for `version` */
  readonly image?: string;
  readonly storage: VolumeSpec;
  /** postgresql.conf parameters. @default Patroni's defaults plus wal_level replica */
  readonly parameters?: Record<string, string | number>;
  /** Extra pg_hba lines, placed after the generated local/replication lines and before the generated catch-all, so they can also reject; auth is always scram-sha-256. @default none */
  readonly pgHba?: string[];
  /** Synchronous replication (`ANY 1`): needs members >= 2. @default false */
  readonly synchronous?: boolean;
  /** Superuser password. */
  readonly superuserSecret: SecretKeyRef;
  /** Replication user password. */
  readonly replicationSecret: SecretKeyRef;
  /** Password of Patroni's REST API user `patroni` (switchover, config, restart). @default Secret `<name>-patroni-api`, key `password` */
  readonly restApiSecret?: SecretKeyRef;
  /** Password of the `postgres_exporter` role (member of pg_monitor, no superuser) the metrics exporter logs in as. @default Secret `<name>-exporter`, key `password` */
  readonly exporterSecret?: SecretKeyRef;
  /**
   * TLS for clients of Postgres and PgBouncer. Remote connections to Postgres must then use TLS
   * (hostssl), PgBouncer accepts only TLS clients and uses TLS to Postgres, and the applications'
   * PGSSLMODE follows. @default no TLS (clients connect with sslmode=disable; in the mesh, Istio's
   * mTLS protects the connection)
   */
  readonly tls?: PostgresTlsSpec;
  /** Application roles, by role name. @default none */
  readonly roles?: Record<string, PostgresRoleSpec>;
  /** Databases, by database name. @default none */
  readonly databases?: Record<string, PostgresDatabaseSpec>;
  /**
   * ConfigMap of *.sql files run once at bootstrap, in file-name order. Create it before the first
   * sync: the pods do not wait for it, and a bootstrap that finds it absent runs no init SQL (and
   * logs a warning). @default none
   */
  readonly initSqlConfigMap?: string;
  /** Database the init SQL runs in (as the superuser). @default the only database in `databases`, else "postgres" */
  readonly initSqlDatabase?: string;
  /** @default pinned postgres_exporter image */
  readonly exporterImage?: string;
  /** @default no backups (a warning is printed for prod-like environments) */
  readonly backup?: PostgresBackupSpec;
  /** PgBouncer in front of the primary. @default none */
  readonly pgbouncer?: PgBouncerSpec;
  readonly resources?: ResourcesSpec;
}

// ---------------------------------------------------------------------------------------------
// Redis + Sentinel
// ---------------------------------------------------------------------------------------------

export type RedisEvictionPolicy =
  | 'noeviction' | 'allkeys-lru' | 'allkeys-lfu' | 'allkeys-random'
  | 'volatile-lru' | 'volatile-lfu' | 'volatile-random' | 'volatile-ttl';

export interface RedisSpec extends WithPodOverrides {
  /** @default "redis" */
  readonly name?: string;
  /**
   * Data pods: one master and `replicas - 1` replicas. At most 9: every data pod holds the whole dataset and syncs from the master.
   * @default 3
   * @asType integer
   * @minimum 1
   * @maximum 9
   */
  readonly replicas?: number;
  /**
   * At most 9: more sentinels add votes, not availability.
   * @default 3
   * @asType integer
   * @minimum 1
   * @maximum 9
   */
  readonly sentinels?: number;
  /**
   * Sentinels that must agree a master is down. At most 9 (the most sentinels).
   * @default majority of sentinels
   * @asType integer
   * @minimum 1
   * @maximum 9
   */
  readonly quorum?: number;
  /** Sentinel master group name. @default "mymaster" */
  readonly masterSet?: string;
  /** e.g. "2gb". @default no limit */
  readonly maxmemory?: string;
  /** @default noeviction (a store must not lose keys silently) */
  readonly evictionPolicy?: RedisEvictionPolicy;
  /** Append-only file with fsync every second. @default true */
  readonly appendOnly?: boolean;
  /** RDB save points as "seconds changes". @default ["900 1", "300 10", "60 10000"] */
  readonly save?: string[];
  /**
   * At most 10 minutes: longer leaves a dead master unreplaced.
   * @default 5000
   * @asType integer
   * @minimum 100
   * @maximum 600000
   */
  readonly downAfterMilliseconds?: number;
  /**
   * At most an hour.
   * @default 60000
   * @asType integer
   * @minimum 1000
   * @maximum 3600000
   */
  readonly failoverTimeout?: number;
  /**
   * At most 9 (the most replicas).
   * @default 1
   * @asType integer
   * @minimum 1
   * @maximum 9
   */
  readonly parallelSyncs?: number;
  /** One password for requirepass, masterauth and sentinel auth. */
  readonly passwordSecret: SecretKeyRef;
  readonly storage: VolumeSpec;
  /** @default pinned redis image */
  readonly image?: string;
  /** Data pods' resources. @default 100m CPU; memory 1.5 x maxmemory (copy-on-write headroom for RDB/AOF rewrites), 512Mi without maxmemory */
  readonly resources?: ResourcesSpec;
  /** Volume per sentinel for its persisted state (sentinel.conf). @default 1Gi in the data volume's StorageClass */
  readonly sentinelStorage?: VolumeSpec;
  /** @default 50m CPU, 64Mi memory */
  readonly sentinelResources?: ResourcesSpec;
  /**
   * Master refuses writes unless this many replicas are connected and less than 10 s behind (limits the writes lost to a master cut off from its replicas). At most 8 (the most replicas besides the master).
   * @default 1 when Redis is a store (evictionPolicy noeviction) with at least 2 data pods, else 0 (off)
   * @asType integer
   * @minimum 0
   * @maximum 8
   */
  readonly minReplicasToWrite?: number;
  /** @default pinned oliver006/redis_exporter image */
  readonly exporterImage?: string;
  /** The `<name>-master` endpoint for clients that cannot speak Sentinel. @default on, with the defaults of RedisMasterProxySpec */
  readonly masterProxy?: RedisMasterProxySpec;
}

/**
 * HAProxy in front of the data pods, behind the `<name>-master` Service: it forwards only to the
 * pod that reports role master and that a majority of the sentinels name as the master.
 */
export interface RedisMasterProxySpec {
  /** Set false to run no proxy and no `<name>-master` Service (clients must speak Sentinel). @default true */
  readonly enabled?: boolean;
  /** @default 2 */
  readonly replicas?: number;
  /** @default pinned haproxy image */
  readonly image?: string;
  /** @default 50m CPU, 64Mi memory */
  readonly resources?: ResourcesSpec;
}

// ---------------------------------------------------------------------------------------------
// NATS JetStream
// ---------------------------------------------------------------------------------------------

export interface NatsStreamSpec {
  readonly subjects: string[];
  /** @default limits */
  readonly retention?: 'limits' | 'interest' | 'workqueue';
  /** Go duration, e.g. "168h". @default unlimited */
  readonly maxAge?: string;
  /** e.g. "1GB". @default unlimited */
  readonly maxBytes?: string;
  /** @default file */
  readonly storage?: 'file' | 'memory';
  /**
   * At most 5: JetStream refuses more replicas per stream.
   * @default min(3, servers)
   * @asType integer
   * @minimum 1
   * @maximum 5
   */
  readonly replicas?: number;
  /** @default old */
  readonly discard?: 'old' | 'new';
  /** Go duration. @default "2m" */
  readonly duplicateWindow?: string;
  /** Durable consumers, by name. @default none */
  readonly consumers?: Record<string, NatsConsumerSpec>;
  /**
   * Flush every message to disk before it is acknowledged, for streams that hold money movements:
   * a correlated failure of all replicas then loses no acknowledged message. NATS syncs per
   * server, so the servers of a platform with any such stream run with `sync_interval: always`,
   * which slows writes to every stream on them.
   * @default false (the server flushes every 2 minutes; the stream's replicas carry what is not yet on disk)
   */
  readonly syncEveryMessage?: boolean;
}

export interface NatsConsumerSpec {
  /** @default all */
  readonly deliverPolicy?: 'all' | 'last' | 'new';
  /** @default explicit */
  readonly ackPolicy?: 'explicit' | 'none' | 'all';
  /** @default all subjects of the stream */
  readonly filterSubject?: string;
  /**
   * At most 1000000: pending messages are tracked in server memory.
   * @default 1000
   * @asType integer
   * @minimum 1
   * @maximum 1000000
   */
  readonly maxAckPending?: number;
  /** Go duration before an unacknowledged message is redelivered. @default "30s" (NACK's CRD would otherwise default it to 1ns) */
  readonly ackWait?: string;
}

export interface NatsSpec extends WithPodOverrides {
  /** @default "nats" */
  readonly name?: string;
  /**
   * At most 9: every server joins the JetStream meta group, and larger groups commit slower.
   * @default 3
   * @asType integer
   * @minimum 1
   * @maximum 9
   */
  readonly servers?: number;
  /** Cluster name in routes. @default the component name */
  readonly clusterName?: string;
  /** JetStream file store volume per server. */
  readonly storage: VolumeSpec;
  /** JetStream memory store limit. @default "1Gi" */
  readonly maxMemoryStore?: string;
  /**
   * Never schedule two servers on one node (required anti-affinity), so one node failure costs a
   * stream at most one replica. Needs at least as many schedulable nodes as servers.
   * @default false (preferred: one node can host every server on a small cluster)
   */
  readonly requireSeparateNodes?: boolean;
  /** How streams reach the server. @default nack (NACK Stream CRs) */
  readonly streamManagement?: 'nack' | 'job';
  /** Streams, by stream name. @default none */
  readonly streams?: Record<string, NatsStreamSpec>;
  /**
   * Who may connect. `per-service`: an application account with one user per service that lists
   * "nats" in talksTo, allowed exactly its `natsPublishes`/`natsSubscribes` subjects (and the
   * JetStream consumers of the streams that capture them), a stream admin user for NACK or the
   * stream Job, and a system account. Passwords come from Secrets, by name: `<name>-<service>`
   * (key `password`) per service, `<name>-system` (key `password`) and `streamAdminSecret` (keys
   * `user`, `password`); use letters and digits (NATS reads them through its config variables).
   * `none`: no authentication, any pod the NetworkPolicy admits may use every subject.
   * @default per-service, or none when authSecret brings its own include
   */
  readonly authorization?: 'per-service' | 'none';
  /** Secret whose key holds an `authorization`/`accounts` nats.conf include, instead of the generated accounts. @default none (the generated accounts) */
  readonly authSecret?: SecretKeyRef;
  /** kubernetes.io/tls Secret for client TLS. @default no TLS */
  readonly tlsSecret?: string;
  /** @default pinned nats image */
  readonly image?: string;
  readonly resources?: ResourcesSpec;
  /** Secret with `user` and `password` keys of a NATS user allowed to manage streams; used by the stream Job and, through a NACK Account, by NACK. @default "<name>-stream-admin" with per-service authorization, else none (connect without credentials) */
  readonly streamAdminSecret?: string;
  /** Namespace the NACK controller runs in; its pods may reach the client port. @default "nack" */
  readonly nackNamespace?: string;
  /** @default pinned prometheus-nats-exporter image */
  readonly exporterImage?: string;
  /** Image with the nats CLI for the stream Job. @default pinned nats-box image */
  readonly natsBoxImage?: string;
}

// ---------------------------------------------------------------------------------------------
// Kafka (Strimzi)
// ---------------------------------------------------------------------------------------------

export interface KafkaTopicSpec {
  /**
   * At most 10000: partitions can never be reduced, and each costs file handles and memory on every replica.
   * @asType integer
   * @minimum 1
   * @maximum 10000
   */
  readonly partitions: number;
  /**
   * At most 7: a higher replication factor adds no durability a rack-aware 3 lacks.
   * @default min(3, brokers)
   * @asType integer
   * @minimum 1
   * @maximum 7
   */
  readonly replicas?: number;
  /** Topic config, e.g. {"retention.ms": 604800000, "compression.type": "lz4"}. @default broker defaults */
  readonly config?: Record<string, string | number>;
}

export interface KafkaSpec extends WithPodOverrides {
  /** Kafka cluster name. @default "kafka" */
  readonly name?: string;
  /** Kafka version for Strimzi; must be one the installed Strimzi supports. @default "4.3.1" (the newest of Strimzi 1.2.0, whose CRDs the manifests are validated against) */
  readonly version?: string;
  /**
   * Controller pool size (KRaft). Ignored when combinedRoles. At most 9: every controller votes on each metadata commit.
   * @default 3
   * @asType integer
   * @minimum 1
   * @maximum 9
   */
  readonly controllers?: number;
  /**
   * Broker pool size. At most 100 in one pool.
   * @default 3
   * @asType integer
   * @minimum 1
   * @maximum 100
   */
  readonly brokers?: number;
  /** One pool with both roles, for small environments. @default false */
  readonly combinedRoles?: boolean;
  readonly storage: VolumeSpec;
  /** Node label for rack awareness. @default no rack awareness */
  readonly rackTopologyKey?: string;
  /** @default scram-sha-512 */
  readonly authentication?: 'scram-sha-512' | 'tls';
  /** Topics, by topic name. @default none */
  readonly topics?: Record<string, KafkaTopicSpec>;
  /** Deploy Cruise Control. @default false */
  readonly cruiseControl?: boolean;
  /** Broker (or dual-role node) resources. @default 500m CPU, 2Gi memory */
  readonly resources?: ResourcesSpec;
  /** KRaft metadata version, e.g. "4.3-IV0"; raise it after a Kafka upgrade, as a change of its own. @default "4.3-IV0" with the default version, else the release of `version` (e.g. "4.2" for "4.2.1") */
  readonly metadataVersion?: string;
  /** Volume of each dedicated controller (KRaft metadata only). Ignored when combinedRoles. @default 10Gi in the brokers' StorageClass */
  readonly controllerStorage?: VolumeSpec;
  /** Dedicated controller resources. Ignored when combinedRoles. @default 250m CPU, 1Gi memory */
  readonly controllerResources?: ResourcesSpec;
  /**
   * Consumer lag (messages, per group and topic) that raises the lag alert. At most 1e9 messages.
   * @default 1000
   * @asType integer
   * @minimum 1
   * @maximum 1000000000
   */
  readonly maxConsumerLag?: number;
  /** Namespace the Strimzi Cluster Operator runs in; its metrics (certificate expiry, reconciliations) are scraped there. @default "strimzi" */
  readonly operatorNamespace?: string;
}

// ---------------------------------------------------------------------------------------------
// Application services, edge, mesh, monitoring
// ---------------------------------------------------------------------------------------------

export interface ServicePortSpec {
  /**
   * A TCP port.
   * @asType integer
   * @minimum 1
   * @maximum 65535
   */
  readonly port: number;
  /** @default http */
  readonly protocol?: 'http' | 'grpc' | 'ws' | 'tcp';
}

/** State a service keeps on its own disk, e.g. an embedded RocksDB. */
export interface ServiceStateSpec {
  /** Where the volume is mounted in the container, e.g. "/var/lib/ledger". */
  readonly mountPath: string;
  /** One volume per pod, claimed through volumeClaimTemplates. @default StorageClass: common.storageClass, else the cluster default */
  readonly volume: VolumeSpec;
}

/** Which database and role a service uses; see docs/connections.md. */
export interface ServicePostgresSpec {
  /** Database name (a key of `postgres.databases`). @default the database named after the service ("-" as "_"), else the only database */
  readonly database?: string;
  /** Role the service logs in as (a key of `postgres.roles`). @default the database's owner */
  readonly user?: string;
  /** Connect to the replicas (`-pooler-ro` with a read-only pool, else `-ro`; the primary while there is no replica). @default false (the primary, through PgBouncer when there is one) */
  readonly readOnly?: boolean;
}

export interface AppServiceSpec extends PodOverridesSpec, AppServiceCommandSpec {
  readonly image: string;
  /** Ports by name (DNS-1123 label); the name is prefixed with the protocol on the Service. */
  readonly ports: Record<string, ServicePortSpec>;
  /**
   * At most 100: above that, use maxReplicas and let the HPA scale.
   * @default 2
   * @asType integer
   * @minimum 1
   * @maximum 100
   */
  readonly replicas?: number;
  /**
   * Autoscale between replicas and maxReplicas on CPU. At most 1000.
   * @default no HPA
   * @asType integer
   * @minimum 1
   * @maximum 1000
   */
  readonly maxReplicas?: number;
  /**
   * Local state: the service runs as a StatefulSet with one volume per pod, stable pod and
   * claim names, and claims kept when the StatefulSet is scaled down or deleted. Each pod has
   * its own volume; the platform does not copy state between them.
   * @default stateless (a Deployment)
   */
  readonly state?: ServiceStateSpec;
  /**
   * Percent of the CPU request, at most 100.
   * @default 70
   * @asType integer
   * @minimum 1
   * @maximum 100
   */
  readonly targetCpuPercent?: number;
  readonly resources?: ResourcesSpec;
  /** Plain env vars (no secrets). @default none */
  readonly env?: Record<string, string>;
  /** Env vars from Secret keys. @default none */
  readonly secretEnv?: Record<string, SecretKeyRef>;
  /** ConfigMaps loaded with envFrom. @default none */
  readonly configMaps?: string[];
  /** Cloud IAM role annotation for the ServiceAccount, e.g. an EKS IRSA role ARN. @default none */
  readonly cloudRole?: string;
  /**
   * Name of the service's ServiceAccount, e.g. the one an IAM role's trust policy names. It is
   * also the workload identity other services' AuthorizationPolicies admit. @default the service name
   */
  readonly serviceAccountName?: string;
  /** HTTP path for liveness/readiness on the first http port. @default "/health" */
  readonly healthPath?: string;
  /** HTTP path scraped by Prometheus. @default "/metrics" on the first http port */
  readonly metricsPath?: string;
  /** Data components and services this service calls: "postgres", "redis", "nats", "kafka", or a service name. @default none */
  readonly talksTo?: string[];
  /** Database and role for a service with "postgres" in talksTo. @default the service's own database and its owner, read-write */
  readonly postgres?: ServicePostgresSpec;
  /**
   * New names for generated connection variables, from the documented name to the one the app
   * reads, e.g. `{ PGHOST: 'DB_HOST' }`; `$(NAME)` references in composed URLs follow the rename.
   * @default the names in docs/connections.md and docs/connections-kafka.md
   */
  readonly envNames?: Record<string, string>;
  /** Kafka topics produced to. @default none */
  readonly produces?: string[];
  /** Kafka topics consumed from. @default none */
  readonly consumes?: string[];
  /** Kafka consumer group id the service's consumers join (its KafkaUser may read it; needs `consumes`). @default the service name */
  readonly consumerGroup?: string;
  /** NATS subjects this service publishes to (wildcards `*` and `>` allowed); needs "nats" in talksTo. @default none */
  readonly natsPublishes?: string[];
  /** NATS subjects this service subscribes to; it may also read the durable consumers of the streams that capture them. @default none */
  readonly natsSubscribes?: string[];
  /** Retries/timeout overrides for this service's VirtualService. @default mesh defaults */
  readonly traffic?: TrafficPolicySpec;
  /** Name of the port that serves `metricsPath` (an http or ws port). @default the first http or ws port; none (no scraping) for grpc/tcp-only services */
  readonly metricsPort?: string;
  /**
   * UID and GID the container runs as. A non-root Linux user id.
   * @default 10001
   * @asType integer
   * @minimum 1
   * @maximum 2147483647
   */
  readonly runAsUser?: number;
  /** Why the image must write to its root filesystem; turns readOnlyRootFilesystem off and records the reason on the pod. @default read-only root filesystem with a writable emptyDir at /tmp */
  readonly writableRootFilesystemReason?: string;
}

export interface TrafficPolicySpec {
  /**
   * At most 10: every retry adds load to a backend that is already failing.
   * @default 3
   * @asType integer
   * @minimum 0
   * @maximum 10
   */
  readonly retries?: number;
  /** Go duration; applies only when retryOn retries timed-out tries (5xx, gateway-error or reset). @default "3s" */
  readonly perTryTimeout?: string;
  /**
   * Envoy retry conditions for HTTP ports.
   * @default "connect-failure,refused-stream,unavailable,cancelled,503" (only where the request never reached the app), or "5xx,reset,connect-failure,refused-stream,retriable-4xx" when idempotent
   */
  readonly retryOn?: string;
  /**
   * The service's HTTP routes may run twice without harm (reads, or writes deduplicated by an
   * idempotency key): retries then also cover server errors, resets and timed-out tries (perTryTimeout).
   * @default false (a slow POST is never sent again)
   */
  readonly idempotent?: boolean;
  /** Overall request timeout, Go duration. @default "10s" */
  readonly timeout?: string;
  /**
   * At most 1000000.
   * @default 1000
   * @asType integer
   * @minimum 1
   * @maximum 1000000
   */
  readonly maxConnections?: number;
  /**
   * Consecutive 5xx before ejection. At most 1000.
   * @default 5
   * @asType integer
   * @minimum 1
   * @maximum 1000
   */
  readonly consecutive5xxErrors?: number;
  /** Go duration. @default "30s" */
  readonly baseEjectionTime?: string;
  /** Retry conditions for gRPC ports (gRPC errors arrive as grpc-status, not 5xx). @default "connect-failure,refused-stream,unavailable,cancelled,resource-exhausted" */
  readonly grpcRetryOn?: string;
  /** Outlier detection sweep interval, Go duration. @default "10s" */
  readonly outlierInterval?: string;
  /**
   * Most hosts outlier detection may eject at once, percent. A percentage.
   * @default 50
   * @asType integer
   * @minimum 0
   * @maximum 100
   */
  readonly maxEjectionPercent?: number;
}

export interface EdgeRouteSpec {
  /** Path prefix, e.g. "/api/v1/". */
  readonly prefix: string;
  /** Target service name. */
  readonly service: string;
  /** Target port name of that service. @default its first port */
  readonly port?: string;
  /** The route carries WebSocket upgrades: no request or per-try timeout (either would cut open sockets). @default true when the target port's protocol is ws */
  readonly websocket?: boolean;
  /**
   * Who may use the route. `jwt`: only requests with a valid token from `edge.jwt` (checked by
   * the target service's sidecar; a request without one gets 403). `public`: anyone.
   * @default public
   */
  readonly access?: 'public' | 'jwt';
  /** Requests per minute the route admits at each ingress gateway pod; more get 429. @default no per-route limit */
  readonly rateLimitPerMinute?: number;
  /** Requests on this prefix may run twice without harm: 5xx retries for this route only (see TrafficPolicySpec.idempotent). @default the target service's traffic.idempotent */
  readonly idempotent?: boolean;
}

/** Browser cross-origin access to the edge, answered by the gateway (Istio corsPolicy). */
export interface EdgeCorsSpec {
  /** Origins allowed, exactly as browsers send them, e.g. "https://app.example.com". */
  readonly allowOrigins: string[];
  /** @default ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] */
  readonly allowMethods?: string[];
  /** Request headers a browser may send. @default ["authorization", "content-type"] */
  readonly allowHeaders?: string[];
  /** Response headers a browser script may read. @default none */
  readonly exposeHeaders?: string[];
  /** Browsers may send cookies and Authorization. @default false */
  readonly allowCredentials?: boolean;
  /** How long a browser caches the preflight answer, Go duration. @default "1h" */
  readonly maxAge?: string;
}

/** Tokens the edge accepts on `access: "jwt"` routes (Istio RequestAuthentication). */
export interface EdgeJwtSpec {
  /** Value of the token's `iss` claim. */
  readonly issuer: string;
  /** HTTPS URL of the issuer's JSON Web Key Set (public keys; HMAC secrets cannot be published this way). */
  readonly jwksUri: string;
  /** Accepted `aud` claims. @default any audience */
  readonly audiences?: string[];
  /** Pass the token on to the service (it reads the claims itself). @default true */
  readonly forwardToken?: boolean;
}

export interface EdgeSpec {
  /** Hostnames served. */
  readonly hosts: string[];
  /** kubernetes.io/tls Secret in the ingress gateway namespace. @default plain HTTP only */
  readonly tlsSecret?: string;
  /** Label selector of the Istio ingress gateway pods. @default {istio: "ingressgateway"} */
  readonly gatewaySelector?: Record<string, string>;
  /** Namespace the ingress gateway pods run in (NetworkPolicy peer). @default "istio-system" */
  readonly gatewayNamespace?: string;
  /** ServiceAccount of the ingress gateway pods (AuthorizationPolicy principal). @default "istio-ingressgateway-service-account" */
  readonly gatewayServiceAccount?: string;
  readonly routes: EdgeRouteSpec[];
  /** `MUTUAL`: clients must present a certificate signed by the CA in the TLS Secret's `ca.crt` key (or in a Secret `<tlsSecret>-cacert`). Needs tlsSecret. @default SIMPLE (server certificate only) */
  readonly tlsMode?: 'SIMPLE' | 'MUTUAL';
  /** Oldest TLS version the gateway accepts. @default "1.2" */
  readonly minTlsVersion?: '1.2' | '1.3';
  /** Requests per minute all routes together admit at each ingress gateway pod; more get 429. @default no limit */
  readonly rateLimitPerMinute?: number;
  /** Cross-origin browser access. @default none (the gateway adds no CORS headers) */
  readonly cors?: EdgeCorsSpec;
  /** Add the security response headers (nosniff, frame DENY, referrer policy, and HSTS with TLS) to every edge response. @default false */
  readonly securityHeaders?: boolean;
  /** Token validation for `access: "jwt"` routes. @default none (every route must be public) */
  readonly jwt?: EdgeJwtSpec;
}

export interface MeshSpec {
  /** Istio sidecar mesh on. @default true */
  readonly enabled?: boolean;
  /** Namespace-wide mTLS mode. @default STRICT */
  readonly mtls?: 'STRICT' | 'PERMISSIVE';
  /** Defaults for every service's traffic policy. @default see TrafficPolicySpec */
  readonly traffic?: TrafficPolicySpec;
  /** Trust domain of workload identities in AuthorizationPolicy principals. @default "cluster.local" */
  readonly trustDomain?: string;
  /** Every sidecar of the namespace logs each request it serves to stdout (Istio Telemetry, the built-in `envoy` provider). @default false (the mesh-wide setting applies) */
  readonly accessLogging?: boolean;
}

export interface MonitoringSpec {
  /** Namespace Prometheus runs in; NetworkPolicies let it scrape, and the Prometheus RoleBinding names its ServiceAccount there. @default "monitoring" */
  readonly prometheusNamespace?: string;
  /** Labels the Prometheus instance selects monitors and rules by. @default {release: "kube-prometheus-stack"} */
  readonly selectorLabels?: Record<string, string>;
  /** Name of the ServiceAccount Prometheus runs as, in `prometheusNamespace`; it gets a Role to discover and scrape the platform's pods. @default "kube-prometheus-stack-prometheus" (kube-prometheus-stack installed as release "kube-prometheus-stack") */
  readonly prometheusServiceAccount?: string;
  /** Folder URL the alerts' `runbook_url` points into (`<url>/<Alert>.md`). @default `docs/runbooks` of `gitops.repoUrl` at `gitops.revision`; the bare path without gitops */
  readonly runbookBaseUrl?: string;
  /** Ship a Grafana dashboard per component and a platform overview, as ConfigMaps in the platform namespace. @default true */
  readonly dashboards?: boolean;
  /** Namespace of the dashboard ConfigMaps, for a Grafana sidecar that searches only some namespaces; the platform's ArgoCD project may then write there too. @default the platform namespace */
  readonly dashboardNamespace?: string;
  /** Labels the Grafana dashboard sidecar selects ConfigMaps by. @default {grafana_dashboard: "1"} (kube-prometheus-stack's sidecar, which searches every namespace) */
  readonly dashboardLabels?: Record<string, string>;
  /** Service-level alert thresholds. @default the seeds' values */
  readonly thresholds?: AlertThresholdsSpec;
  /** Scrape the Istio sidecars of the namespace (request metrics behind the service alerts); turn off when the cluster already scrapes every sidecar. @default true when the mesh is on */
  readonly sidecarMetrics?: boolean;
}

export interface AlertThresholdsSpec {
  /**
   * A ratio from 0 to 1.
   * @default 0.05
   * @minimum 0
   * @maximum 1
   */
  readonly errorRatio?: number;
  /**
   * Seconds. At most 5 minutes.
   * @default 2
   * @minimum 0
   * @maximum 300
   */
  readonly p95LatencySeconds?: number;
  /**
   * A ratio from 0 to 1.
   * @default 0.8
   * @minimum 0
   * @maximum 1
   */
  readonly cpuRatio?: number;
  /**
   * A ratio from 0 to 1.
   * @default 0.9
   * @minimum 0
   * @maximum 1
   */
  readonly memoryRatio?: number;
  /**
   * A ratio from 0 to 1.
   * @default 0.85
   * @minimum 0
   * @maximum 1
   */
  readonly volumeRatio?: number;
  /**
   * Restarts per hour. At most 1000.
   * @default 5
   * @asType integer
   * @minimum 1
   * @maximum 1000
   */
  readonly restartsPerHour?: number;
}

export interface GitOpsSpec {
  /** Git repository ArgoCD pulls `dist/` from. */
  readonly repoUrl: string;
  /** @default "main" */
  readonly revision?: string;
  /** @default "https://kubernetes.default.svc" */
  readonly destinationServer?: string;
  /** Namespace ArgoCD runs in. @default "argocd" */
  readonly argocdNamespace?: string;
}

/** One platform in one environment, after overrides are applied. */
export interface PlatformSpec extends EscapeHatchesSpec {
  /** Namespace of every component. */
  readonly namespace: string;
  readonly common?: CommonSpec;
  readonly postgres?: PostgresSpec;
  readonly redis?: RedisSpec;
  readonly nats?: NatsSpec;
  readonly kafka?: KafkaSpec;
  /** Application services, by service name. @default none */
  readonly services?: Record<string, AppServiceSpec>;
  readonly edge?: EdgeSpec;
  readonly mesh?: MeshSpec;
  readonly monitoring?: MonitoringSpec;
  readonly gitops?: GitOpsSpec;
  /**
   * Strings the literal-secret check flags that are deliberately not secrets (a public key, an id
   * that looks random), each with the reason a reviewer can judge. @default none
   */
  readonly allowedLiterals?: AllowedLiteral[];
}

/** A spec string the literal-secret check must let through. */
export interface AllowedLiteral {
  /** Spec path of the string as the check reports it, e.g. "services.gateway.env.PUBLIC_KEY_ID". */
  readonly path: string;
  /**
   * Why the value is no secret.
   * @minLength 10
   */
  readonly reason: string;
}

/** Recursive partial for overrides; `null` removes a key the base sets. */
export type Override<T> = T extends readonly (infer _U)[]
  ? T
  : T extends object
    ? { readonly [K in keyof T]?: Override<T[K]> | null }
    : T;

/** A shipped platform: a base spec plus per-environment overrides. */
export interface PlatformDefinition {
  /** Where editors find this file's JSON Schema, e.g. "../platform.schema.json"; synth ignores it. @default none */
  readonly $schema?: string;
  /** DNS-1123 label; the folder name under dist/. */
  readonly name: string;
  readonly description: string;
  readonly base: PlatformSpec;
  /** Overrides by environment name; every platform has at least dev, staging and prod. */
  readonly environments: Record<string, Override<PlatformSpec>>;
}
