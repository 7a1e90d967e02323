import { find, synthShipped } from '../../helpers';
import { natsObjects } from './fixtures';

const prod = () => synthShipped('deltran-mvp', 'prod').get('nats')!;
const sts = () => find(prod(), 'StatefulSet', 'deltran-events');

describe('NATS StatefulSet', () => {
  test('Parallel pods behind a headless Service that publishes not-ready pods', () => {
    expect(sts().spec).toMatchObject({ podManagementPolicy: 'Parallel', serviceName: 'deltran-events-headless', replicas: 3 });
    const headless = find(prod(), 'Service', 'deltran-events-headless');
    expect(headless.spec).toMatchObject({ clusterIP: 'None', publishNotReadyAddresses: true });
    expect(headless.spec.ports.map((p: any) => `${p.name}:${p.port}`)).toEqual(['tcp-client:4222', 'tcp-cluster:6222', 'http-monitor:8222']);
    expect(find(prod(), 'Service', 'deltran-events').spec.ports).toEqual([{ name: 'tcp-client', port: 4222, protocol: 'TCP', targetPort: 4222 }]);
  });

  test('JetStream volume retained, sized from the spec, typed for ArgoCD', () => {
    const spec = sts().spec;
    expect(spec.persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted: 'Retain', whenScaled: 'Retain' });
    expect(spec.volumeClaimTemplates[0]).toMatchObject({
      apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'data' },
      spec: { storageClassName: 'gp3', resources: { requests: { storage: '200Gi' } } },
    });
  });

  test('probes on /healthz: full health to start, server-only for readiness, JetStream enabled for liveness', () => {
    const nats = sts().spec.template.spec.containers[0];
    expect(nats.startupProbe.httpGet.path).toBe('/healthz');
    expect(nats.startupProbe.failureThreshold * nats.startupProbe.periodSeconds).toBe(900);
    expect(nats.readinessProbe.httpGet).toEqual({ path: '/healthz?js-server-only=true', port: 'http-monitor' });
    expect(nats.livenessProbe.httpGet).toEqual({ path: '/healthz?js-enabled-only=true', port: 'http-monitor' });
  });

  test('lame duck on stop, within the grace period', () => {
    const pod = sts().spec.template.spec;
    expect(pod.containers[0].lifecycle.preStop.exec.command).toEqual(['nats-server', '--signal', 'ldm=/var/run/nats/nats.pid']);
    expect(pod.terminationGracePeriodSeconds).toBe(60);
  });

  test('runs as UID 1000 on a read-only root: config, data and pid dir are volumes', () => {
    const pod = sts().spec.template.spec;
    expect(pod.securityContext).toMatchObject({ runAsUser: 1000, runAsNonRoot: true, fsGroup: 1000 });
    expect(pod.containers[0].securityContext.readOnlyRootFilesystem).toBe(true);
    expect(pod.containers[0].volumeMounts.map((m: any) => m.mountPath)).toEqual(['/etc/nats', '/data', '/var/run/nats']);
    expect(pod.metadata?.annotations?.['platform.io/writable-root-fs']).toBeUndefined();
  });

  test('pods roll when nats.conf changes', () => {
    const checksum = (servers: number) => find(natsObjects({ servers }), 'StatefulSet', 'nats').spec.template.metadata.annotations['checksum/config'];
    expect(checksum(3)).toMatch(/^[0-9a-f]{64}$/);
    expect(checksum(3)).not.toBe(checksum(5));
  });

  test('exporter sidecar on 7777 scraping the local monitor port', () => {
    const exporter = sts().spec.template.spec.containers[1];
    expect(exporter.image).toBe('natsio/prometheus-nats-exporter:0.20.1');
    expect(exporter.args).toEqual(['-port', '7777', '-varz', '-connz', '-routez', '-jsz=all', '-healthz', '-healthz_js_server_only', 'http://localhost:8222']);
    expect(exporter.ports).toEqual([{ name: 'http-metrics', containerPort: 7777, protocol: 'TCP' }]);
  });

  test('auth include and TLS come from the referenced Secrets, never from the ConfigMap', () => {
    const objects = natsObjects({ authSecret: { name: 'nats-auth', key: 'accounts.conf' }, tlsSecret: 'nats-tls' });
    const pod = find(objects, 'StatefulSet', 'nats').spec.template.spec;
    expect(pod.volumes.find((v: any) => v.name === 'config').projected.sources).toEqual([
      { configMap: { name: 'nats-config', items: [{ key: 'nats.conf', path: 'nats.conf' }] } },
      { secret: { name: 'nats-auth', items: [{ key: 'accounts.conf', path: 'auth.conf' }] } },
    ]);
    expect(pod.volumes).toContainEqual({ name: 'tls', secret: { secretName: 'nats-tls' } });
    expect(pod.containers[0].volumeMounts).toContainEqual({ name: 'tls', mountPath: '/etc/nats-tls', readOnly: true });
  });

  test('memory: store plus headroom by default, GOMEMLIMIT below the limit', () => {
    const nats = sts().spec.template.spec.containers[0];
    expect(nats.resources).toEqual({ requests: { cpu: '250m', memory: '2Gi' }, limits: { memory: '2Gi' } });
    expect(nats.env).toContainEqual({ name: 'GOMEMLIMIT', value: String(Math.floor(2 * 1024 ** 3 * 0.9)) });
  });

  test('spread across nodes and zones; one pod down at a time', () => {
    const pod = sts().spec.template.spec;
    expect(pod.topologySpreadConstraints.map((t: any) => t.topologyKey)).toEqual(['kubernetes.io/hostname', 'topology.kubernetes.io/zone']);
    // deltran-mvp prod requires separate nodes; the default only prefers them
    expect(pod.affinity.podAntiAffinity).toEqual({ requiredDuringSchedulingIgnoredDuringExecution: [
      { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: sts().spec.selector.matchLabels } },
    ] });
    const preferred = find(natsObjects({}), 'StatefulSet', 'nats').spec.template.spec.affinity.podAntiAffinity;
    expect(Object.keys(preferred)).toEqual(['preferredDuringSchedulingIgnoredDuringExecution']);
    expect(find(prod(), 'PodDisruptionBudget', 'deltran-events').spec.maxUnavailable).toBe(1);
    expect(synthShipped('deltran-mvp', 'dev').get('nats')!.some((o) => o.kind === 'PodDisruptionBudget')).toBe(false);
  });
});
