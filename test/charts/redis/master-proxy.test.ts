import { PlatformSpec, RedisSpec } from '../../../charts/spec';
import { find, K8sObject, synthSpec } from '../../helpers';

const redis: RedisSpec = { name: 'cache', passwordSecret: { name: 'cache-pw', key: 'password' }, storage: { size: '5Gi' } };
const caller = { api: { image: 'api:1.0.0', ports: { http: { port: 8080 } }, talksTo: ['redis'] } };

function objects(spec: Partial<PlatformSpec> = {}, r: Partial<RedisSpec> = {}): K8sObject[] {
  return synthSpec({ namespace: 'ns', services: caller, ...spec, redis: { ...redis, ...r } }).get('redis')!;
}

describe('Redis master proxy', () => {
  const all = objects();
  const deployment = find(all, 'Deployment', 'cache-master');
  const pod = deployment.spec.template.spec;
  const container = pod.containers[0];
  const proxySelector = deployment.spec.selector.matchLabels;

  test('the cache-master Service selects only the proxy pods, on the Redis port', () => {
    const svc = find(all, 'Service', 'cache-master');
    expect(svc.spec.type).toBe('ClusterIP');
    expect(svc.spec.selector).toEqual(proxySelector);
    expect(svc.spec.ports).toEqual([{ name: 'tcp-redis', port: 6379, protocol: 'TCP', targetPort: 6379 }]);
    expect(proxySelector['app.kubernetes.io/name']).toBe('haproxy');
    // never the data or sentinel pods' own selector
    expect(proxySelector['app.kubernetes.io/component']).toBe('redis-master-proxy');
  });

  test('HAProxy with the pinned image, two replicas spread over nodes, no API token, read-only root', () => {
    expect(deployment.spec.replicas).toBe(2);
    expect(container.image).toBe('haproxy:3.2.6');
    expect(container.command).toEqual(['haproxy', '-f', '/usr/local/etc/haproxy/haproxy.cfg']);
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(pod.securityContext.runAsUser).toBe(99);
    expect(container.securityContext.readOnlyRootFilesystem).toBe(true);
    expect(pod.topologySpreadConstraints[0].labelSelector.matchLabels).toEqual(proxySelector);
    expect(find(all, 'PodDisruptionBudget', 'cache-master').spec.selector.matchLabels).toEqual(proxySelector);
  });

  test('the password comes from the Secret at run time; the ConfigMap only names the variable', () => {
    expect(container.env).toEqual([{ name: 'REDIS_PASSWORD', valueFrom: { secretKeyRef: { name: 'cache-pw', key: 'password' } } }]);
    const cfg = find(all, 'ConfigMap', 'cache-master').data['haproxy.cfg'] as string;
    expect(cfg).toContain('%[env(REDIS_PASSWORD)]');
    // every data pod by its stable name, checked against every sentinel
    for (const i of [0, 1, 2]) {
      expect(cfg).toContain(`server cache-${i} cache-${i}.cache-headless.ns.svc.cluster.local:6379 check`);
      expect(cfg).toContain(`server cache-sentinel-${i} cache-sentinel-${i}.cache-headless.ns.svc.cluster.local:26379 check`);
      expect(cfg).toContain(`use-server cache-${i} if { srv_is_up(redis_master/cache-${i}) } { nbsrv(sentinels_name_cache-${i}) ge 2 }`);
    }
    expect(deployment.spec.template.metadata.annotations['checksum/config']).toMatch(/^[0-9a-f]{64}$/);
  });

  test('a sentinel count of 5 needs 3 votes', () => {
    const cfg = find(objects({}, { sentinels: 5 }), 'ConfigMap', 'cache-master').data['haproxy.cfg'] as string;
    expect(cfg).toContain('{ nbsrv(sentinels_name_cache-0) ge 3 }');
    expect(cfg).toContain('server cache-sentinel-4 ');
  });

  test('NetworkPolicies: callers reach the proxy on 6379; the proxy reaches the data and sentinel pods', () => {
    const own = find(all, 'NetworkPolicy', 'cache-master');
    expect(own.spec.podSelector.matchLabels).toEqual(proxySelector);
    expect(own.spec.ingress[0].ports.map((p: K8sObject) => p.port)).toEqual([6379]);
    expect(own.spec.ingress[0].from).toContainEqual({ podSelector: { matchLabels: { 'app.kubernetes.io/instance': 'api' } } });
    expect(own.spec.ingress[1].ports.map((p: K8sObject) => p.port)).toEqual([8404]);
    const data = find(all, 'NetworkPolicy', 'cache');
    expect(data.spec.ingress[0].from).toContainEqual({ podSelector: { matchLabels: proxySelector } });
    expect(data.spec.ingress[0].ports.map((p: K8sObject) => p.port)).toEqual([6379, 26379]);
  });

  test('scraped by its PodMonitor; the metrics port is PERMISSIVE under STRICT mTLS', () => {
    expect(find(all, 'PodMonitor', 'cache-master').spec.selector.matchLabels).toEqual(proxySelector);
    const strict = objects({ mesh: { mtls: 'STRICT' } });
    const pa = find(strict, 'PeerAuthentication', 'cache-master-metrics');
    expect(pa.spec.selector.matchLabels).toEqual(proxySelector);
    expect(pa.spec.portLevelMtls).toEqual({ 8404: { mode: 'PERMISSIVE' } });
  });

  test('turned off: no proxy objects, the data pods admit no proxy, and callers get no REDIS_HOST', () => {
    const spec: PlatformSpec = { namespace: 'ns', services: caller, redis: { ...redis, masterProxy: { enabled: false } } };
    const files = synthSpec(spec);
    const off = files.get('redis')!;
    expect(off.filter((o) => o.metadata.name === 'cache-master' || o.metadata.name === 'cache-master-metrics')).toEqual([]);
    expect(JSON.stringify(find(off, 'NetworkPolicy', 'cache'))).not.toContain('haproxy');
    const env = find(files.get('svc-api')!, 'Deployment', 'api').spec.template.spec.containers[0].env.map((e: K8sObject) => e.name);
    expect(env).toContain('REDIS_SENTINELS');
    expect(env).not.toContain('REDIS_HOST');
  });

  test('replicas, image and resources from the spec', () => {
    const custom = find(objects({}, { masterProxy: { replicas: 3, image: 'mirror.example.com/haproxy:3.2.6', resources: { memoryRequest: '256Mi' } } }), 'Deployment', 'cache-master');
    expect(custom.spec.replicas).toBe(3);
    expect(custom.spec.template.spec.containers[0].image).toBe('mirror.example.com/haproxy:3.2.6');
    expect(custom.spec.template.spec.containers[0].resources.limits.memory).toBe('256Mi');
  });
});
