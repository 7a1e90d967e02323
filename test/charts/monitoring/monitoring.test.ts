import { PlatformSpec } from '../../../charts/spec';
import { PLATFORMS } from '../../../platforms';
import { formatViolations, ManifestValidator } from '../../../validation';
import { allObjects, find, K8sObject, synthShipped, synthSpec } from '../../helpers';
import { SHOP } from './fixtures';

const monitoringOf = (spec: PlatformSpec) => synthSpec(spec).get('monitoring')!;
const rulesOf = (spec: PlatformSpec) => find(monitoringOf(spec), 'PrometheusRule', 'platform-alerts');
const rule = (r: K8sObject, alert: string) => r.spec.groups.flatMap((g: K8sObject) => g.rules).find((x: K8sObject) => x.alert === alert);

describe('Prometheus access to the namespace', () => {
  test('a read-only Role for service discovery, bound to kube-prometheus-stack\'s Prometheus by default', () => {
    const objects = monitoringOf(SHOP);
    expect(find(objects, 'Role', 'prometheus-discovery').rules).toEqual([
      { apiGroups: [''], resources: ['pods', 'services', 'endpoints'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: ['get', 'list', 'watch'] },
    ]);
    const binding = find(objects, 'RoleBinding', 'prometheus-discovery');
    expect(binding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'prometheus-discovery' });
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'kube-prometheus-stack-prometheus', namespace: 'monitoring' }]);
  });

  test('the ServiceAccount and its namespace come from the spec', () => {
    const binding = find(monitoringOf({ ...SHOP, monitoring: { prometheusServiceAccount: 'prometheus-k8s', prometheusNamespace: 'observability' } }), 'RoleBinding', 'prometheus-discovery');
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'prometheus-k8s', namespace: 'observability' }]);
  });
});

describe('platform alerts', () => {
  const r = rulesOf(SHOP);

  test('one PrometheusRule with the service SLO and workload resource groups, selected by Prometheus', () => {
    expect(r.apiVersion).toBe('monitoring.coreos.com/v1');
    expect(r.metadata.labels.release).toBe('kube-prometheus-stack');
    expect(r.metadata.annotations['argocd.argoproj.io/sync-wave']).toBe('20');
    expect(r.spec.groups.map((g: K8sObject) => [g.name, g.rules.map((x: K8sObject) => x.alert)])).toEqual([
      ['service-slos', ['ServiceErrorRateHigh', 'ServiceLatencyP95High']],
      ['workload-resources', ['PodRestartsHigh', 'ContainerCpuHigh', 'ContainerMemoryNearLimit', 'PersistentVolumeFillingUp']],
    ]);
  });

  test('every alert has a severity, summary, description and runbook', () => {
    for (const g of r.spec.groups) {
      for (const x of g.rules) {
        expect(['warning', 'critical']).toContain(x.labels.severity);
        expect(x.annotations.runbook_url).toBe(`docs/runbooks/${x.alert}.md`);
        expect(x.annotations.summary).toBeTruthy();
        expect(x.annotations.description).toBeTruthy();
      }
    }
  });

  test('the seeds\' thresholds by default, scoped to the platform namespace', () => {
    expect(rule(r, 'ServiceErrorRateHigh')).toMatchObject({ for: '2m', labels: { severity: 'critical' } });
    expect(rule(r, 'ServiceErrorRateHigh').expr).toMatch(/response_code=~"5\.\."[\s\S]*\) > 0\.05$/);
    expect(rule(r, 'ServiceLatencyP95High').expr).toMatch(/histogram_quantile\(0\.95,[\s\S]*istio_request_duration_milliseconds_bucket[\s\S]*\/ 1000 > 2$/);
    expect(rule(r, 'ServiceLatencyP95High').for).toBe('2m');
    expect(rule(r, 'PodRestartsHigh').expr).toMatch(/kube_pod_container_status_restarts_total\{namespace="shop"\}\[1h\]\)\) > 5$/);
    expect(rule(r, 'ContainerCpuHigh').expr).toMatch(/container_cpu_usage_seconds_total[\s\S]*kube_pod_container_resource_limits[\s\S]*kube_pod_container_resource_requests[\s\S]*\) > 0\.8$/);
    expect(rule(r, 'ContainerMemoryNearLimit').expr).toMatch(/container_memory_working_set_bytes[\s\S]*kube_pod_container_resource_limits\{namespace="shop", resource="memory"\}[\s\S]*\) > 0\.9$/);
    expect(rule(r, 'PersistentVolumeFillingUp').expr).toMatch(/kubelet_volume_stats_used_bytes\{namespace="shop"\}[\s\S]*kubelet_volume_stats_capacity_bytes[\s\S]*\) > 0\.85$/);
    for (const g of r.spec.groups) for (const x of g.rules) expect(x.expr).toMatch(/namespace="shop"/);
  });

  test('thresholds and runbook base URL from the spec', () => {
    const custom = rulesOf({
      ...SHOP,
      monitoring: {
        runbookBaseUrl: 'https://wiki.acme.io/runbooks/',
        thresholds: { errorRatio: 0.01, p95LatencySeconds: 0.5, cpuRatio: 0.9, memoryRatio: 0.85, volumeRatio: 0.8, restartsPerHour: 3 },
      },
    });
    expect(rule(custom, 'ServiceErrorRateHigh').expr).toMatch(/> 0\.01$/);
    expect(rule(custom, 'ServiceErrorRateHigh').annotations.description).toMatch(/\(threshold 1%\)/);
    expect(rule(custom, 'ServiceLatencyP95High').expr).toMatch(/> 0\.5$/);
    expect(rule(custom, 'PodRestartsHigh').expr).toMatch(/> 3$/);
    expect(rule(custom, 'ContainerCpuHigh').expr).toMatch(/> 0\.9$/);
    expect(rule(custom, 'ContainerMemoryNearLimit').expr).toMatch(/> 0\.85$/);
    expect(rule(custom, 'PersistentVolumeFillingUp').expr).toMatch(/> 0\.8$/);
    expect(rule(custom, 'PodRestartsHigh').annotations.runbook_url).toBe('https://wiki.acme.io/runbooks/PodRestartsHigh.md');
  });

  test('no request alerts without the mesh or without services (nothing would produce the metrics)', () => {
    const groups = (spec: PlatformSpec) => rulesOf(spec).spec.groups.map((g: K8sObject) => g.name);
    expect(groups({ ...SHOP, mesh: { enabled: false } })).toEqual(['workload-resources']);
    expect(groups({ namespace: 'bare' })).toEqual(['workload-resources']);
  });
});

describe('sidecar metrics', () => {
  test('a PodMonitor on the Envoy metrics port of every sidecar and a NetworkPolicy letting Prometheus reach it', () => {
    const objects = monitoringOf(SHOP);
    const monitor = find(objects, 'PodMonitor', 'istio-sidecars');
    expect(monitor.spec.selector.matchLabels).toEqual({ 'security.istio.io/tlsMode': 'istio' });
    expect(monitor.spec.podMetricsEndpoints).toEqual([{ port: 'http-envoy-prom', path: '/stats/prometheus', interval: '30s' }]);
    const np = find(objects, 'NetworkPolicy', 'istio-sidecars');
    expect(np.spec).toEqual({
      podSelector: { matchLabels: { 'security.istio.io/tlsMode': 'istio' } },
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }], ports: [{ protocol: 'TCP', port: 15090 }] }],
    });
  });

  test('left out when the mesh is off or the cluster already scrapes sidecars', () => {
    expect(monitoringOf({ ...SHOP, mesh: { enabled: false } }).map((o) => o.kind)).toEqual(['PrometheusRule', 'Role', 'RoleBinding', 'ConfigMap']);
    expect(monitoringOf({ ...SHOP, monitoring: { sidecarMetrics: false } }).map((o) => o.kind)).toEqual(['PrometheusRule', 'Role', 'RoleBinding', 'ConfigMap', 'ConfigMap']);
  });
});

describe('validation of the monitoring file of every shipped platform environment', () => {
  const validator = ManifestValidator.load();
  for (const def of PLATFORMS) {
    for (const env of Object.keys(def.environments)) {
      test(`${def.name} ${env}: zero violations`, () => {
        const files = synthShipped(def.name, env);
        const ours = new Set(files.get('monitoring')!.map((o) => `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`));
        expect(formatViolations(validator.validate(allObjects(files)).filter((v) => ours.has(v.object)))).toBe('');
      });
    }
  }
});
