import { PlatformSpec, RedisSpec } from '../../../charts/spec';
import { find, K8sObject, synthSpec } from '../../helpers';

const redis: RedisSpec = { name: 'cache', maxmemory: '1gb', passwordSecret: { name: 'cache-pw', key: 'password' }, storage: { size: '5Gi' } };

function objects(spec: Partial<PlatformSpec> = {}, r: Partial<RedisSpec> = {}): K8sObject[] {
  return synthSpec({ namespace: 'ns', ...spec, redis: { ...redis, ...r } }).get('redis')!;
}

const containers = (sts: K8sObject) => sts.spec.template.spec.containers as K8sObject[];
const container = (sts: K8sObject, name: string) => containers(sts).find((c) => c.name === name)!;

describe('RedisSentinel', () => {
  const all = objects();
  const data = find(all, 'StatefulSet', 'cache');
  const sentinel = find(all, 'StatefulSet', 'cache-sentinel');

  test('data and sentinels are separate StatefulSets on the headless Service, started in parallel', () => {
    expect(data.spec.replicas).toBe(3);
    expect(sentinel.spec.replicas).toBe(3);
    for (const sts of [data, sentinel]) {
      expect(sts.spec.serviceName).toBe('cache-headless');
      expect(sts.spec.podManagementPolicy).toBe('Parallel');
      expect(sts.metadata.annotations['argocd.argoproj.io/sync-options']).toBe('Prune=false,Delete=false');
      expect(sts.spec.selector.matchLabels).not.toHaveProperty('app.kubernetes.io/version');
    }
    expect(data.spec.selector.matchLabels['app.kubernetes.io/component']).toBe('server');
    expect(sentinel.spec.selector.matchLabels['app.kubernetes.io/component']).toBe('sentinel');
  });

  test('data and sentinel state live on retained PVCs', () => {
    for (const [sts, size] of [[data, '5Gi'], [sentinel, '1Gi']] as const) {
      expect(sts.spec.persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted: 'Retain', whenScaled: 'Retain' });
      expect(sts.spec.volumeClaimTemplates[0]).toMatchObject({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'data' } });
      expect(sts.spec.volumeClaimTemplates[0].spec.resources.requests.storage).toBe(size);
    }
    expect(container(data, 'redis').volumeMounts).toEqual(expect.arrayContaining([{ name: 'data', mountPath: '/data' }]));
    expect(container(sentinel, 'sentinel').volumeMounts).toEqual(expect.arrayContaining([{ name: 'data', mountPath: '/data' }]));
  });

  test('Services: sentinel for clients, headless with both peer ports for Istio', () => {
    const svc = find(all, 'Service', 'cache-sentinel');
    expect(svc.spec.type).toBe('ClusterIP');
    expect(svc.spec.ports).toEqual([{ name: 'tcp-sentinel', port: 26379, protocol: 'TCP', targetPort: 26379 }]);
    expect(svc.spec.selector['app.kubernetes.io/component']).toBe('sentinel');
    const headless = find(all, 'Service', 'cache-headless');
    expect(headless.spec.clusterIP).toBe('None');
    expect(headless.spec.publishNotReadyAddresses).toBe(true);
    expect(headless.spec.ports.map((p: K8sObject) => [p.name, p.port])).toEqual([['tcp-redis', 6379], ['tcp-sentinel', 26379]]);
    expect(headless.spec.selector).not.toHaveProperty('app.kubernetes.io/component');
    // cache-master is the master proxy's (master-proxy.test.ts)
    expect(all.filter((o) => o.kind === 'Service').map((o) => o.metadata.name).sort()).toEqual(['cache-headless', 'cache-master', 'cache-sentinel']);
  });

  test('the password reaches containers only through secretKeyRef and never sits in the ConfigMap', () => {
    for (const sts of [data, sentinel]) {
      for (const c of containers(sts)) {
        const secretEnv = (c.env as K8sObject[]).filter((e) => /PASSWORD|AUTH/.test(e.name));
        expect(secretEnv.length).toBeGreaterThan(0);
        for (const e of secretEnv) {
          expect(e).not.toHaveProperty('value');
          expect(e.valueFrom.secretKeyRef).toEqual({ name: 'cache-pw', key: 'password' });
        }
      }
    }
    const cm = find(all, 'ConfigMap', 'cache-config');
    expect(cm.data['redis.conf']).not.toMatch(/^(requirepass|masterauth)/m);
    expect(cm.data['sentinel.conf']).not.toMatch(/auth-pass|requirepass/);
    expect(Object.keys(cm.data).sort()).toEqual(['common.sh', 'prestop-redis.sh', 'redis.conf', 'sentinel.conf', 'start-redis.sh', 'start-sentinel.sh']);
  });

  test('the scripts get their pod identity from the downward API and run from the ConfigMap', () => {
    const r = container(data, 'redis');
    expect(r.command).toEqual(['sh', '/opt/redis/config/start-redis.sh']);
    const env = Object.fromEntries((r.env as K8sObject[]).map((e) => [e.name, e.value ?? e.valueFrom?.fieldRef?.fieldPath]));
    expect(env).toMatchObject({
      POD_NAME: 'metadata.name', POD_NAMESPACE: 'metadata.namespace', HEADLESS_SERVICE: 'cache-headless', SENTINEL_SERVICE: 'cache-sentinel',
      MASTER_SET: 'mymaster', REDIS_STATEFULSET: 'cache', REDIS_REPLICAS: '3', SENTINEL_STATEFULSET: 'cache-sentinel', SENTINEL_REPLICAS: '3',
    });
    expect(r.lifecycle.preStop.exec.command).toEqual(['sh', '/opt/redis/config/prestop-redis.sh']);
    expect(container(sentinel, 'sentinel').command).toEqual(['sh', '/opt/redis/config/start-sentinel.sh']);
    expect(data.spec.template.spec.enableServiceLinks).toBe(false);
  });

  test('restricted, read-only containers running as the redis user, with probes', () => {
    expect(data.spec.template.spec.securityContext).toMatchObject({ runAsUser: 999, runAsGroup: 999, fsGroup: 999, runAsNonRoot: true });
    for (const c of [...containers(data), ...containers(sentinel)]) {
      expect(c.securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
      expect(c.livenessProbe).toBeDefined();
      expect(c.readinessProbe).toBeDefined();
    }
    expect(container(data, 'redis').readinessProbe.exec.command.join(' ')).toContain('ping | grep -q PONG');
    // 1gb of maxmemory is 60% of 1707Mi
    expect(container(data, 'redis').resources.limits.memory).toBe('1707Mi');
  });

  test('a redis_exporter sidecar on every pod, scraped by one PodMonitor', () => {
    for (const [sts, port] of [[data, 6379], [sentinel, 26379]] as const) {
      const m = container(sts, 'metrics');
      expect(m.image).toMatch(/^oliver006\/redis_exporter:v[0-9.]+$/);
      expect(m.ports).toEqual([{ name: 'http-metrics', containerPort: 9121, protocol: 'TCP' }]);
      expect(m.env).toEqual(expect.arrayContaining([{ name: 'REDIS_ADDR', value: `redis://127.0.0.1:${port}` }]));
    }
    const pm = find(all, 'PodMonitor', 'cache');
    expect(pm.spec.podMetricsEndpoints.map((e: K8sObject) => e.port)).toEqual(['http-metrics']);
  });

  test('PDBs select data and sentinels apart (a pod under two PDBs cannot be evicted)', () => {
    expect(find(all, 'PodDisruptionBudget', 'cache').spec.selector.matchLabels['app.kubernetes.io/component']).toBe('server');
    expect(find(all, 'PodDisruptionBudget', 'cache-sentinel').spec.selector.matchLabels['app.kubernetes.io/component']).toBe('sentinel');
    const single = objects({}, { replicas: 1 });
    expect(single.filter((o) => o.kind === 'PodDisruptionBudget').map((o) => o.metadata.name)).toEqual(['cache-sentinel', 'cache-master']);
  });

  test('the NetworkPolicy opens redis and sentinel to callers and metrics to Prometheus', () => {
    const withCaller = objects({ services: { api: { image: 'api:1.0.0', ports: { http: { port: 8080 } }, talksTo: ['redis'] } } });
    const np = find(withCaller, 'NetworkPolicy', 'cache');
    expect(np.spec.ingress[0].ports.map((p: K8sObject) => p.port)).toEqual([6379, 26379]);
    expect(np.spec.ingress[0].from).toEqual(expect.arrayContaining([{ podSelector: { matchLabels: { 'app.kubernetes.io/instance': 'api' } } }]));
    expect(np.spec.ingress[1].ports.map((p: K8sObject) => p.port)).toEqual([9121]);
  });

  test('mesh on: proxy holds the app until ready and drains late; TCP DestinationRules for both Services', () => {
    expect(JSON.parse(data.spec.template.metadata.annotations['proxy.istio.io/config'])).toEqual({ holdApplicationUntilProxyStarts: true, terminationDrainDuration: '30s' });
    expect(all.filter((o) => o.kind === 'DestinationRule').map((o) => o.spec.host).sort())
      .toEqual(['cache-headless.ns.svc.cluster.local', 'cache-master.ns.svc.cluster.local', 'cache-sentinel.ns.svc.cluster.local']);
    const noMesh = objects({ mesh: { enabled: false } });
    expect(noMesh.filter((o) => o.kind === 'DestinationRule')).toEqual([]);
    expect(find(noMesh, 'StatefulSet', 'cache').spec.template.metadata.annotations).not.toHaveProperty('proxy.istio.io/config');
  });

  test('object names depend only on the name; config changes roll only the pods they concern', () => {
    const changed = objects({}, { replicas: 5, maxmemory: '2gb', quorum: 3, sentinels: 5, masterSet: 'orders' });
    expect(changed.filter((o) => o.kind === 'StatefulSet').map((o) => o.metadata.name).sort()).toEqual(['cache', 'cache-sentinel']);
    const checksum = (objs: K8sObject[], name: string) => find(objs, 'StatefulSet', name).spec.template.metadata.annotations['checksum/config'];
    const sentinelOnly = objects({}, { downAfterMilliseconds: 3000 });
    expect(checksum(sentinelOnly, 'cache')).toBe(checksum(all, 'cache'));
    expect(checksum(sentinelOnly, 'cache-sentinel')).not.toBe(checksum(all, 'cache-sentinel'));
  });
});
