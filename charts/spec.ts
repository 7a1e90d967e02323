/**
 * The platform spec: plain data, no behaviour. A platform is a base spec plus small
 * per-environment overrides (see platforms/). Every optional field documents the behaviour of
 * its default; defaults are resolved once, in the construct that owns the component.
 *
 * Secrets are never values here: a `SecretKeyRef` names a Secret that exists in the cluster.
 */

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
  /** Size, e.g. "20Gi". */
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
  /** Keep backups this many days. @default 30 */
  readonly retentionDays?: number;
  /** Also run a logical pg_dumpall CronJob on this schedule. @default no logical dump */
  readonly logicalDumpSchedule?: string;
  /** Image with kubectl that the backup CronJobs run to reach the current primary. @default pinned kubectl image */
  readonly kubectlImage?: string;
}

export interface PgBouncerSpec {
  /** @default 2 */
  readonly replicas?: number;
  /** @default transaction */
  readonly poolMode?: 'session' | 'transaction' | 'statement';
  /** @default 1000 */
  readonly maxClientConn?: number;
  /** @default 20 */
  readonly defaultPoolSize?: number;
  /** Prepared statements tracked per server connection (transaction mode). @default 200 */
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

export interface PostgresSpec {
  /** Base name of every object. Changing it renames the StatefulSet (new volumes). @default "postgres" */
  readonly name?: string;
  /** Members: one primary plus `members - 1` streaming replicas. @default 3 */
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

export interface RedisSpec {
  /** @default "redis" */
  readonly name?: string;
  /** Data pods: one master and `replicas - 1` replicas. @default 3 */
  readonly replicas?: number;
  /** @default 3 */
  readonly sentinels?: number;
  /** Sentinels that must agree a master is down. @default majority of sentinels */
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
  /** @default 5000 */
  readonly downAfterMilliseconds?: number;
  /** @default 60000 */
  readonly failoverTimeout?: number;
  /** @default 1 */
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
   * Master refuses writes unless this many replicas are connected and less than 10 s behind
   * (limits the writes lost to a master cut off from its replicas).
   * @default 1 when Redis is a store (evictionPolicy noeviction) with at least 2 data pods, else 0 (off)
   */
  readonly minReplicasToWrite?: number;
  /** @default pinned oliver006/redis_exporter image */
  readonly exporterImage?: string;
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
  /** @default min(3, servers) */
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
  /** @default 1000 */
  readonly maxAckPending?: number;
  /** Go duration before an unacknowledged message is redelivered. @default "30s" (NACK's CRD would otherwise default it to 1ns) */
  readonly ackWait?: string;
}

export interface NatsSpec {
  /** @default "nats" */
  readonly name?: string;
  /** @default 3 */
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
  readonly partitions: number;
  /** @default min(3, brokers) */
  readonly replicas?: number;
  /** Topic config, e.g. {"retention.ms": 604800000, "compression.type": "lz4"}. @default broker defaults */
  readonly config?: Record<string, string | number>;
}

export interface KafkaSpec {
  /** Kafka cluster name. @default "kafka" */
  readonly name?: string;
  /** Kafka version for Strimzi. @default the operator's default */
  readonly version?: string;
  /** Controller pool size (KRaft). Ignored when combinedRoles. @default 3 */
  readonly controllers?: number;
  /** Broker pool size. @default 3 */
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
  /** KRaft metadata version, e.g. "4.1-IV1"; raise it after a Kafka upgrade. @default the one matching `version` */
  readonly metadataVersion?: string;
  /** Volume of each dedicated controller (KRaft metadata only). Ignored when combinedRoles. @default 10Gi in the brokers' StorageClass */
  readonly controllerStorage?: VolumeSpec;
  /** Dedicated controller resources. Ignored when combinedRoles. @default 250m CPU, 1Gi memory */
  readonly controllerResources?: ResourcesSpec;
  /** Consumer lag (messages, per group and topic) that raises the lag alert. @default 1000 */
  readonly maxConsumerLag?: number;
}

// ---------------------------------------------------------------------------------------------
// Application services, edge, mesh, monitoring
// ---------------------------------------------------------------------------------------------

export interface ServicePortSpec {
  readonly port: number;
  /** @default http */
  readonly protocol?: 'http' | 'grpc' | 'ws' | 'tcp';
}

export interface AppServiceSpec {
  readonly image: string;
  /** Ports by name (DNS-1123 label); the name is prefixed with the protocol on the Service. */
  readonly ports: Record<string, ServicePortSpec>;
  /** @default 2 */
  readonly replicas?: number;
  /** Autoscale between replicas and maxReplicas on CPU. @default no HPA */
  readonly maxReplicas?: number;
  /** @default 70 */
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
  /** HTTP path for liveness/readiness on the first http port. @default "/health" */
  readonly healthPath?: string;
  /** HTTP path scraped by Prometheus. @default "/metrics" on the first http port */
  readonly metricsPath?: string;
  /** Data components and services this service calls: "postgres", "redis", "nats", "kafka", or a service name. @default none */
  readonly talksTo?: string[];
  /** Kafka topics produced to. @default none */
  readonly produces?: string[];
  /** Kafka topics consumed from. @default none */
  readonly consumes?: string[];
  /** NATS subjects this service publishes to (wildcards `*` and `>` allowed); needs "nats" in talksTo. @default none */
  readonly natsPublishes?: string[];
  /** NATS subjects this service subscribes to; it may also read the durable consumers of the streams that capture them. @default none */
  readonly natsSubscribes?: string[];
  /** Retries/timeout overrides for this service's VirtualService. @default mesh defaults */
  readonly traffic?: TrafficPolicySpec;
  /** Name of the port that serves `metricsPath` (an http or ws port). @default the first http or ws port; none (no scraping) for grpc/tcp-only services */
  readonly metricsPort?: string;
  /** UID and GID the container runs as. @default 10001 */
  readonly runAsUser?: number;
  /** Why the image must write to its root filesystem; turns readOnlyRootFilesystem off and records the reason on the pod. @default read-only root filesystem with a writable emptyDir at /tmp */
  readonly writableRootFilesystemReason?: string;
}

export interface TrafficPolicySpec {
  /** @default 3 */
  readonly retries?: number;
  /** Go duration. @default "3s" */
  readonly perTryTimeout?: string;
  /** @default "5xx,reset,connect-failure,retriable-4xx" */
  readonly retryOn?: string;
  /** Overall request timeout, Go duration. @default "10s" */
  readonly timeout?: string;
  /** @default 1000 */
  readonly maxConnections?: number;
  /** Consecutive 5xx before ejection. @default 5 */
  readonly consecutive5xxErrors?: number;
  /** Go duration. @default "30s" */
  readonly baseEjectionTime?: string;
  /** Retry conditions for gRPC ports (gRPC errors arrive as grpc-status, not 5xx). @default "connect-failure,refused-stream,unavailable,cancelled,resource-exhausted" */
  readonly grpcRetryOn?: string;
  /** Outlier detection sweep interval, Go duration. @default "10s" */
  readonly outlierInterval?: string;
  /** Most hosts outlier detection may eject at once, percent. @default 50 */
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
}

export interface MonitoringSpec {
  /** Namespace Prometheus runs in; NetworkPolicies let it scrape. @default "monitoring" */
  readonly prometheusNamespace?: string;
  /** Labels the Prometheus instance selects monitors and rules by. @default {release: "kube-prometheus-stack"} */
  readonly selectorLabels?: Record<string, string>;
  /** Base URL runbook annotations point to. @default "https://runbooks.example.com" */
  readonly runbookBaseUrl?: string;
  /** Service-level alert thresholds. @default the seeds' values */
  readonly thresholds?: AlertThresholdsSpec;
  /** Scrape the Istio sidecars of the namespace (request metrics behind the service alerts); turn off when the cluster already scrapes every sidecar. @default true when the mesh is on */
  readonly sidecarMetrics?: boolean;
}

export interface AlertThresholdsSpec {
  /** @default 0.05 */
  readonly errorRatio?: number;
  /** Seconds. @default 2 */
  readonly p95LatencySeconds?: number;
  /** @default 0.8 */
  readonly cpuRatio?: number;
  /** @default 0.9 */
  readonly memoryRatio?: number;
  /** @default 0.85 */
  readonly volumeRatio?: number;
  /** Restarts per hour. @default 5 */
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
export interface PlatformSpec {
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
}

/** Recursive partial for overrides; `null` removes a key the base sets. */
export type Override<T> = T extends readonly (infer _U)[]
  ? T
  : T extends object
    ? { readonly [K in keyof T]?: Override<T[K]> | null }
    : T;

/** A shipped platform: a base spec plus per-environment overrides. */
export interface PlatformDefinition {
  /** DNS-1123 label; the folder name under dist/. */
  readonly name: string;
  readonly description: string;
  readonly base: PlatformSpec;
  /** Overrides by environment name; every platform has at least dev, staging and prod. */
  readonly environments: Record<string, Override<PlatformSpec>>;
}
