/** Crafted manifests in the shape the components emit, for the diff tests. */
import { renderYaml } from '../../synth/render';

export type Obj = Record<string, any>;

export const SCOPE = 'shop/prod';
const NS = 'shop';
const DATA = { 'argocd.argoproj.io/sync-wave': '0', 'argocd.argoproj.io/sync-options': 'Prune=false,Delete=false' };

export function statefulSet(name = 'orders-db', opts: { replicas?: number; storage?: string; image?: string; serviceName?: string } = {}): Obj {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: {
      name,
      namespace: NS,
      labels: { 'app.kubernetes.io/name': 'postgres', 'app.kubernetes.io/instance': name },
      annotations: DATA,
    },
    spec: {
      replicas: opts.replicas ?? 3,
      serviceName: opts.serviceName ?? `${name}-headless`,
      podManagementPolicy: 'Parallel',
      selector: { matchLabels: { 'app.kubernetes.io/name': 'postgres', 'app.kubernetes.io/instance': name } },
      persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
      template: {
        metadata: { labels: { 'app.kubernetes.io/name': 'postgres', 'app.kubernetes.io/instance': name } },
        spec: {
          containers: [{
            name: 'postgres',
            image: opts.image ?? 'ghcr.io/zalando/spilo-15:3.2-p1',
            env: [
              { name: 'PGPORT', value: '5432' },
              { name: 'PGPASSWORD_SUPERUSER', valueFrom: { secretKeyRef: { name: `${name}-superuser`, key: 'password' } } },
            ],
            volumeMounts: [{ name: 'data', mountPath: '/home/postgres/pgdata' }, { name: 'patroni', mountPath: '/etc/patroni' }],
          }],
          volumes: [{ name: 'patroni', configMap: { name: `${name}-patroni` } }],
        },
      },
      volumeClaimTemplates: [{
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        metadata: { name: 'data' },
        spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: opts.storage ?? '20Gi' } } },
      }],
    },
  };
}

export function patroniConfig(name = 'orders-db', synchronous = true): Obj {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: `${name}-patroni`, namespace: NS, labels: { 'app.kubernetes.io/instance': name } },
    data: {
      'patroni.yml': [
        'scope: orders-db',
        'bootstrap:',
        '  dcs:',
        `    synchronous_mode: ${synchronous}`,
        '    postgresql:',
        '      parameters:',
        '        max_connections: 200',
        '',
      ].join('\n'),
    },
  };
}

export function deployment(name = 'api', image = 'ghcr.io/shop/api:1.0.0', selector: Obj = { 'app.kubernetes.io/name': name }): Obj {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: NS, labels: { 'app.kubernetes.io/name': name, 'app.kubernetes.io/version': image.split(':')[1] } },
    spec: {
      replicas: 2,
      selector: { matchLabels: selector },
      template: {
        metadata: { labels: selector },
        spec: { containers: [{ name, image, ports: [{ name: 'http', containerPort: 8080 }] }] },
      },
    },
  };
}

export function kafkaTopic(name = 'orders', partitions = 12): Obj {
  return {
    apiVersion: 'kafka.strimzi.io/v1',
    kind: 'KafkaTopic',
    metadata: { name, namespace: NS, labels: { 'strimzi.io/cluster': 'events' }, annotations: DATA },
    spec: { partitions, replicas: 3, config: { 'retention.ms': 604800000 } },
  };
}

export function nodePool(name = 'brokers', size = '100Gi'): Obj {
  return {
    apiVersion: 'kafka.strimzi.io/v1',
    kind: 'KafkaNodePool',
    metadata: { name, namespace: NS, labels: { 'strimzi.io/cluster': 'events' }, annotations: DATA },
    spec: { replicas: 3, roles: ['broker'], storage: { type: 'jbod', volumes: [{ id: 0, type: 'persistent-claim', size, deleteClaim: false }] } },
  };
}

export function stream(name = 'orders', preventDelete = true): Obj {
  return {
    apiVersion: 'jetstream.nats.io/v1beta2',
    kind: 'Stream',
    metadata: { name, namespace: NS, annotations: DATA },
    spec: { name: name.toUpperCase(), subjects: [`${name}.*`], storage: 'file', replicas: 3, preventDelete },
  };
}

export function job(name = 'migrate', image = 'ghcr.io/shop/migrate:1', annotations?: Record<string, string>): Obj {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name, namespace: NS, ...(annotations ? { annotations } : {}) },
    spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name, image }] } } },
  };
}

export function pvc(name = 'scratch', storage = '10Gi'): Obj {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name, namespace: NS },
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage } } },
  };
}

/** A tree with one file per entry under shop/prod/. */
export function tree(files: Record<string, Obj[]>, scope = SCOPE): Map<string, string> {
  return new Map(Object.entries(files).map(([file, objects]) => [`${scope}/${file}.k8s.yaml`, renderYaml(objects)]));
}
