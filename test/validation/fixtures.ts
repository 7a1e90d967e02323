/**
 * Hand-written manifests that pass every check: one compliant environment (~60 objects, ~25 kinds)
 * plus builders that tests copy and break one field at a time. Every call returns fresh objects.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Obj = Record<string, any>;

export const NS = 'payments';

const labelsOf = (app: string) => ({ 'app.kubernetes.io/name': app, 'app.kubernetes.io/instance': app });
const meta = (name: string, extra: Obj = {}) => ({ name, namespace: NS, ...extra });

export function container(name: string, port = 8080): Obj {
  return {
    name,
    image: `ghcr.io/example/${name}:1.4.2`,
    ports: [{ name: 'http', containerPort: port, protocol: 'TCP' }],
    resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } },
    livenessProbe: { httpGet: { path: '/healthz', port: 'http' }, periodSeconds: 10 },
    readinessProbe: { httpGet: { path: '/ready', port: 'http' }, periodSeconds: 5 },
    securityContext: {
      runAsNonRoot: true,
      allowPrivilegeEscalation: false,
      privileged: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    },
    volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
  };
}

function podSpec(app: string, port = 8080): Obj {
  return {
    serviceAccountName: app,
    automountServiceAccountToken: false,
    securityContext: { runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, fsGroup: 10001, seccompProfile: { type: 'RuntimeDefault' } },
    containers: [container(app, port)],
    volumes: [{ name: 'tmp', emptyDir: { sizeLimit: '64Mi' } }],
  };
}

export function deployment(app: string, replicas = 2): Obj {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: meta(app, { labels: { ...labelsOf(app), 'app.kubernetes.io/version': '1.4.2' } }),
    spec: {
      replicas,
      revisionHistoryLimit: 3,
      selector: { matchLabels: labelsOf(app) },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 } },
      template: { metadata: { labels: { ...labelsOf(app), 'app.kubernetes.io/version': '1.4.2' } }, spec: podSpec(app) },
    },
  };
}

export function statefulSet(app: string, replicas = 3): Obj {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: meta(app, { labels: labelsOf(app) }),
    spec: {
      replicas,
      serviceName: app,
      selector: { matchLabels: labelsOf(app) },
      persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
      template: { metadata: { labels: labelsOf(app) }, spec: podSpec(app, 5432) },
      volumeClaimTemplates: [{
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        metadata: { name: 'data' },
        spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '20Gi' } } },
      }],
    },
  };
}

export function cronJob(app: string): Obj {
  const spec = podSpec(app);
  const c = spec.containers[0];
  delete c.livenessProbe;
  delete c.readinessProbe;
  delete c.ports;
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: meta(app, { labels: labelsOf(app) }),
    spec: {
      schedule: '15 3 * * *',
      concurrencyPolicy: 'Forbid',
      jobTemplate: { spec: { backoffLimit: 2, template: { metadata: { labels: labelsOf(app) }, spec: { ...spec, restartPolicy: 'OnFailure' } } } },
    },
  };
}

export function service(app: string, port = 8080): Obj {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: meta(app, { labels: labelsOf(app) }),
    spec: { type: 'ClusterIP', selector: labelsOf(app), ports: [{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }, { name: 'http-metrics', port: 9090, targetPort: port }] },
  };
}

export function pdb(app: string): Obj {
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: meta(app),
    spec: { maxUnavailable: 1, selector: { matchLabels: labelsOf(app) } },
  };
}

export function defaultDeny(): Obj {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: meta('default-deny'),
    spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
  };
}

export function kafkaTopic(name: string): Obj {
  return {
    apiVersion: 'kafka.strimzi.io/v1',
    kind: 'KafkaTopic',
    metadata: meta(name, { labels: { 'strimzi.io/cluster': 'events' } }),
    spec: { partitions: 6, replicas: 3, config: { 'retention.ms': 604800000, 'min.insync.replicas': 2, 'cleanup.policy': 'delete' } },
  };
}

export function kafkaUser(name: string): Obj {
  return {
    apiVersion: 'kafka.strimzi.io/v1',
    kind: 'KafkaUser',
    metadata: meta(name, { labels: { 'strimzi.io/cluster': 'events' } }),
    spec: {
      authentication: { type: 'tls' },
      authorization: {
        type: 'simple',
        acls: [{ resource: { type: 'topic', name: 'payments.', patternType: 'prefix' }, operations: ['Read', 'Write', 'Describe'] }],
      },
    },
  };
}

export function kafka(): Obj {
  return {
    apiVersion: 'kafka.strimzi.io/v1',
    kind: 'Kafka',
    metadata: meta('events'),
    spec: {
      kafka: {
        version: '4.1.0',
        listeners: [
          { name: 'tls', port: 9093, type: 'internal', tls: true, authentication: { type: 'tls' } },
        ],
        authorization: { type: 'simple' },
        config: { 'offsets.topic.replication.factor': 3, 'min.insync.replicas': 2, 'default.replication.factor': 3 },
        rack: { topologyKey: 'topology.kubernetes.io/zone' },
      },
      entityOperator: { topicOperator: {}, userOperator: {} },
    },
  };
}

export function kafkaNodePool(): Obj {
  return {
    apiVersion: 'kafka.strimzi.io/v1',
    kind: 'KafkaNodePool',
    metadata: meta('broker', { labels: { 'strimzi.io/cluster': 'events' } }),
    spec: {
      replicas: 3,
      roles: ['controller', 'broker'],
      storage: { type: 'jbod', volumes: [{ id: 0, type: 'persistent-claim', size: '100Gi', deleteClaim: false, kraftMetadata: 'shared' }] },
      resources: { requests: { cpu: '1', memory: '4Gi' }, limits: { memory: '4Gi' } },
    },
  };
}

export function virtualService(app: string): Obj {
  return {
    apiVersion: 'networking.istio.io/v1',
    kind: 'VirtualService',
    metadata: meta(app),
    spec: {
      hosts: [`${app}.${NS}.svc.cluster.local`],
      http: [{
        name: 'default',
        timeout: '5s',
        retries: { attempts: 3, perTryTimeout: '2s', retryOn: '5xx,reset,connect-failure' },
        route: [{ destination: { host: `${app}.${NS}.svc.cluster.local`, port: { number: 80 } } }],
      }],
    },
  };
}

export function destinationRule(app: string): Obj {
  return {
    apiVersion: 'networking.istio.io/v1',
    kind: 'DestinationRule',
    metadata: meta(app),
    spec: {
      host: `${app}.${NS}.svc.cluster.local`,
      trafficPolicy: {
        tls: { mode: 'ISTIO_MUTUAL' },
        connectionPool: { tcp: { maxConnections: 100, connectTimeout: '1s' }, http: { http2MaxRequests: 1000, idleTimeout: '60s' } },
        outlierDetection: { consecutive5xxErrors: 5, interval: '10s', baseEjectionTime: '30s', maxEjectionPercent: 50 },
      },
    },
  };
}

export function peerAuthentication(): Obj {
  return {
    apiVersion: 'security.istio.io/v1',
    kind: 'PeerAuthentication',
    metadata: meta('default'),
    spec: { mtls: { mode: 'STRICT' } },
  };
}

export function authorizationPolicy(app: string): Obj {
  return {
    apiVersion: 'security.istio.io/v1',
    kind: 'AuthorizationPolicy',
    metadata: meta(app),
    spec: {
      selector: { matchLabels: labelsOf(app) },
      action: 'ALLOW',
      rules: [{ from: [{ source: { principals: [`cluster.local/ns/${NS}/sa/web`] } }], to: [{ operation: { methods: ['GET', 'POST'], paths: ['/api/*'] } }] }],
    },
  };
}

export function serviceMonitor(app: string): Obj {
  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'ServiceMonitor',
    metadata: meta(app),
    spec: { selector: { matchLabels: labelsOf(app) }, endpoints: [{ port: 'http-metrics', path: '/metrics', interval: '30s' }] },
  };
}

export function podMonitor(app: string): Obj {
  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PodMonitor',
    metadata: meta(app),
    spec: { selector: { matchLabels: labelsOf(app) }, podMetricsEndpoints: [{ port: 'http', path: '/metrics', interval: '30s' }] },
  };
}

export function prometheusRule(app: string): Obj {
  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PrometheusRule',
    metadata: meta(app),
    spec: {
      groups: [{
        name: `${app}.rules`,
        interval: '1m',
        rules: [
          { record: 'job:http_requests:rate5m', expr: 'sum by (job) (rate(http_requests_total[5m]))' },
          {
            alert: 'HighErrorRate',
            expr: `sum(rate(http_requests_total{job="${app}",code=~"5.."}[5m])) / sum(rate(http_requests_total{job="${app}"}[5m])) > 0.05`,
            for: '10m',
            labels: { severity: 'page' },
            annotations: { summary: `${app} error rate above 5%` },
          },
        ],
      }],
    },
  };
}

export function argoApplication(): Obj {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name: 'payments', namespace: 'argocd', finalizers: ['resources-finalizer.argocd.argoproj.io'] },
    spec: {
      project: 'payments',
      source: { repoURL: 'https://github.com/example/deploy.git', path: 'dist/payments/prod', targetRevision: 'main' },
      destination: { server: 'https://kubernetes.default.svc', namespace: NS },
      syncPolicy: { automated: { prune: true, selfHeal: true }, syncOptions: ['CreateNamespace=false', 'ServerSideApply=true'] },
    },
  };
}

export function appProject(): Obj {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'AppProject',
    metadata: { name: 'payments', namespace: 'argocd' },
    spec: {
      sourceRepos: ['https://github.com/example/deploy.git'],
      destinations: [{ server: 'https://kubernetes.default.svc', namespace: NS }],
      clusterResourceWhitelist: [{ group: '', kind: 'Namespace' }],
    },
  };
}

export function natsStream(name: string): Obj {
  return {
    apiVersion: 'jetstream.nats.io/v1beta2',
    kind: 'Stream',
    metadata: meta(name),
    spec: { name, subjects: [`${name}.>`], storage: 'file', replicas: 3, retention: 'limits', maxAge: '168h' },
  };
}

/** A complete compliant environment: the timing fixture and the "everything valid" test. */
export function environment(): Obj[] {
  const apps = ['api', 'worker', 'web'];
  return [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS, labels: { 'istio-injection': 'enabled' } } },
    defaultDeny(),
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: meta('allow-mesh'),
      spec: { podSelector: { matchLabels: labelsOf('api') }, policyTypes: ['Ingress'], ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'istio-system' } } }], ports: [{ port: 8080, protocol: 'TCP' }] }] },
    },
    ...[...apps, 'ledger', 'reconcile'].map((a) => ({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta(a), automountServiceAccountToken: false })),
    ...apps.map((a) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: meta(a), data: { LOG_LEVEL: 'info' } })),
    ...apps.map((a) => deployment(a)),
    ...apps.map((a) => service(a)),
    ...apps.map((a) => pdb(a)),
    statefulSet('ledger'),
    { ...service('ledger', 5432), spec: { clusterIP: 'None', selector: labelsOf('ledger'), ports: [{ name: 'tcp-postgres', port: 5432, targetPort: 5432 }] } },
    pdb('ledger'),
    cronJob('reconcile'),
    {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: meta('api'),
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'api' },
        minReplicas: 2,
        maxReplicas: 6,
        metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }],
      },
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: meta('api'),
      rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list', 'watch'] }],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: meta('api'),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'api' },
      subjects: [{ kind: 'ServiceAccount', name: 'api', namespace: NS }],
    },
    kafka(),
    kafkaNodePool(),
    ...['payments.created', 'payments.settled', 'payments.failed', 'ledger.entries', 'audit.events'].map(kafkaTopic),
    ...apps.map((a) => kafkaUser(a)),
    ...apps.map(virtualService),
    ...apps.map(destinationRule),
    peerAuthentication(),
    ...apps.map(authorizationPolicy),
    ...apps.map(serviceMonitor),
    podMonitor('ledger'),
    prometheusRule('api'),
    prometheusRule('worker'),
    natsStream('orders'),
    natsStream('refunds'),
    argoApplication(),
    appProject(),
  ];
}

/** Deep copy, so a test can break one field without touching the shared builders. */
export const clone = <T>(o: T): T => structuredClone(o);
