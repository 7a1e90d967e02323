import { WRITABLE_ROOT_FS_ANNOTATION } from '../../../charts/lib/security';
import { find, K8sObject, synthSpec } from '../../helpers';
import { serviceObjects, SHOP, shopWith } from './fixtures';

const api = serviceObjects(SHOP, 'api');
const deployment = find(api, 'Deployment', 'api');
const pod = deployment.spec.template;
const container = pod.spec.containers[0];

const selector = { 'app.kubernetes.io/name': 'api', 'app.kubernetes.io/instance': 'api', 'app.kubernetes.io/component': 'service' };

describe('AppService workload', () => {
  test('one file per service, every object named after the service', () => {
    expect(api.map((o) => `${o.kind}/${o.metadata.name}`).sort()).toEqual([
      'AuthorizationPolicy/api', 'Deployment/api', 'DestinationRule/api', 'HorizontalPodAutoscaler/api', 'NetworkPolicy/api',
      'PeerAuthentication/api', 'PodDisruptionBudget/api', 'PodMonitor/api', 'Service/api', 'ServiceAccount/api', 'VirtualService/api',
    ]);
    expect(api.every((o) => o.metadata.annotations['argocd.argoproj.io/sync-wave'] !== undefined)).toBe(true);
  });

  test('Deployment: image, replicas, selector without the version, surge-first rollout', () => {
    expect(container.image).toBe('ghcr.io/shop/api:2.3.1');
    expect(deployment.spec.replicas).toBe(3);
    expect(deployment.spec.selector.matchLabels).toEqual(selector);
    expect(pod.metadata.labels).toEqual({ ...selector, 'app.kubernetes.io/version': '2.3.1' });
    expect(deployment.spec.strategy.rollingUpdate).toEqual({ maxUnavailable: 0, maxSurge: '25%' });
  });

  test('container ports carry the spec names', () => {
    expect(container.ports).toEqual([
      { name: 'api', containerPort: 8080, protocol: 'TCP' },
      { name: 'rpc', containerPort: 9090, protocol: 'TCP' },
    ]);
  });

  test('env: Secret references first (so plain values can use $(NAME)), then the generated connection variables, then plain values, then ConfigMaps', () => {
    expect(container.env).toEqual([
      { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'shop-db-app', key: 'password' } } },
      // the fixture's cluster declares no databases: where Postgres is, the credentials are the app's own
      { name: 'PGHOST', value: 'postgres-rw.shop.svc.cluster.local' },
      { name: 'PGPORT', value: '5432' },
      { name: 'PGSSLMODE', value: 'disable' },
      { name: 'LOG_LEVEL', value: 'info' },
      { name: 'DATABASE_URL', value: 'postgres://app:$(DB_PASSWORD)@postgres:5432/shop' },
    ]);
    expect(container.envFrom).toEqual([{ configMapRef: { name: 'api-config' } }]);
  });

  test('resources default to requests plus a memory limit', () => {
    expect(container.resources).toEqual({ requests: { cpu: '100m', memory: '256Mi' }, limits: { memory: '256Mi' } });
    const sized = find(serviceObjects(shopWith({ web: { ...SHOP.services!.web, resources: { cpuRequest: '1', memoryRequest: '1Gi', cpuLimit: '2' } } }), 'web'), 'Deployment', 'web');
    expect(sized.spec.template.spec.containers[0].resources).toEqual({ requests: { cpu: '1', memory: '1Gi' }, limits: { cpu: '2', memory: '1Gi' } });
  });

  test('probes: HTTP on the health path of the first http port', () => {
    const probe = { httpGet: { path: '/health', port: 'api' }, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 3 };
    expect(container.readinessProbe).toEqual(probe);
    expect(container.livenessProbe).toEqual(probe);
    expect(container.startupProbe).toEqual({ ...probe, failureThreshold: 30 });
    const web = find(serviceObjects(SHOP, 'web'), 'Deployment', 'web').spec.template.spec.containers[0];
    expect(web.readinessProbe.httpGet).toEqual({ path: '/healthz', port: 'http' });
  });

  test('probes: WebSocket ports are HTTP; gRPC-only and TCP-only services get a TCP probe', () => {
    const chat = find(serviceObjects(SHOP, 'chat'), 'Deployment', 'chat').spec.template.spec.containers[0];
    expect(chat.livenessProbe.httpGet).toEqual({ path: '/health', port: 'ws' });
    const rates = find(serviceObjects(SHOP, 'rates'), 'Deployment', 'rates').spec.template.spec.containers[0];
    expect(rates.livenessProbe.tcpSocket).toEqual({ port: 'rpc' });
    expect(rates.readinessProbe.tcpSocket).toEqual({ port: 'rpc' });
    const legacy = find(serviceObjects(SHOP, 'legacy'), 'Deployment', 'legacy').spec.template.spec.containers[0];
    expect(legacy.livenessProbe.tcpSocket).toEqual({ port: 'raw' });
  });

  test('restricted security context, read-only root filesystem with a writable /tmp', () => {
    expect(container.securityContext).toMatchObject({
      runAsNonRoot: true, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(pod.spec.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001 });
    expect(container.volumeMounts).toEqual([{ name: 'tmp', mountPath: '/tmp' }]);
    expect(pod.spec.volumes).toEqual([{ name: 'tmp', emptyDir: { sizeLimit: '1Gi' } }]);
    expect(pod.spec.automountServiceAccountToken).toBe(false);
    expect(pod.spec.enableServiceLinks).toBe(false);
  });

  test('a declared reason turns the read-only root filesystem off and is recorded on the pod', () => {
    const web = find(serviceObjects(shopWith({ web: { ...SHOP.services!.web, writableRootFilesystemReason: 'Next.js writes its cache under .next/', runAsUser: 1001 } }), 'web'), 'Deployment', 'web');
    expect(web.spec.template.metadata.annotations[WRITABLE_ROOT_FS_ANNOTATION]).toBe('Next.js writes its cache under .next/');
    expect(web.spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem).toBe(false);
    expect(web.spec.template.spec.securityContext.runAsUser).toBe(1001);
  });

  test('the sidecar starts before the app when the mesh is on', () => {
    expect(JSON.parse(pod.metadata.annotations['proxy.istio.io/config'])).toEqual({ holdApplicationUntilProxyStarts: true });
    const noMesh = find(serviceObjects({ ...SHOP, mesh: { enabled: false } }, 'api'), 'Deployment', 'api');
    expect(noMesh.spec.template.metadata.annotations['proxy.istio.io/config']).toBeUndefined();
  });

  test('replicas spread across nodes and zones', () => {
    expect(pod.spec.topologySpreadConstraints.map((t: K8sObject) => t.topologyKey)).toEqual(['kubernetes.io/hostname', 'topology.kubernetes.io/zone']);
    expect(pod.spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.labelSelector.matchLabels).toEqual(selector);
  });
});

describe('AppService ServiceAccount', () => {
  test('carries the IRSA role annotation when cloudRole is set, and no API token', () => {
    const sa = find(api, 'ServiceAccount', 'api');
    expect(sa.metadata.annotations['eks.amazonaws.com/role-arn']).toBe('arn:aws:iam::123456789012:role/shop-api');
    expect(sa.automountServiceAccountToken).toBe(false);
    expect(pod.spec.serviceAccountName).toBe('api');
    expect(find(serviceObjects(SHOP, 'web'), 'ServiceAccount', 'web').metadata.annotations['eks.amazonaws.com/role-arn']).toBeUndefined();
  });

  test('serviceAccountName names the account, the pod\'s account and the principal callers are admitted as', () => {
    const spec = shopWith({ web: { ...SHOP.services!.web, serviceAccountName: 'web-sa' } });
    const web = serviceObjects(spec, 'web');
    expect(find(web, 'ServiceAccount', 'web-sa').automountServiceAccountToken).toBe(false);
    expect(web.some((o) => o.kind === 'ServiceAccount' && o.metadata.name === 'web')).toBe(false);
    expect(find(web, 'Deployment', 'web').spec.template.spec.serviceAccountName).toBe('web-sa');
    // web calls api: api's AuthorizationPolicy admits web by its account
    const principals = find(serviceObjects(spec, 'api'), 'AuthorizationPolicy', 'api').spec.rules[0].from[0].source.principals;
    expect(principals).toContain('cluster.local/ns/shop/sa/web-sa');
    expect(principals).not.toContain('cluster.local/ns/shop/sa/web');
  });
});

describe('AppService Service', () => {
  test('ports named with the Istio protocol prefix plus appProtocol; ws is http', () => {
    expect(find(api, 'Service', 'api').spec.ports).toEqual([
      { name: 'http-api', appProtocol: 'http', port: 8080, targetPort: 8080, protocol: 'TCP' },
      { name: 'grpc-rpc', appProtocol: 'grpc', port: 9090, targetPort: 9090, protocol: 'TCP' },
    ]);
    expect(find(serviceObjects(SHOP, 'chat'), 'Service', 'chat').spec.ports[0]).toMatchObject({ name: 'http-ws', appProtocol: 'http' });
    expect(find(serviceObjects(SHOP, 'legacy'), 'Service', 'legacy').spec.ports[0]).toMatchObject({ name: 'tcp-raw', appProtocol: 'tcp' });
    expect(find(api, 'Service', 'api').spec.selector).toEqual(selector);
  });
});

describe('AppService autoscaling and disruption', () => {
  test('HPA on CPU between replicas and maxReplicas; the Deployment keeps replicas for the first apply', () => {
    const hpa = find(api, 'HorizontalPodAutoscaler', 'api');
    expect(hpa.apiVersion).toBe('autoscaling/v2');
    expect(hpa.spec).toEqual({
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'api' },
      minReplicas: 3,
      maxReplicas: 10,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 60 } } }],
    });
  });

  test('no HPA without maxReplicas; default target 70%', () => {
    expect(serviceObjects(SHOP, 'web').some((o) => o.kind === 'HorizontalPodAutoscaler')).toBe(false);
    const hpa = find(serviceObjects(shopWith({ web: { ...SHOP.services!.web, maxReplicas: 4 } }), 'web'), 'HorizontalPodAutoscaler', 'web');
    expect(hpa.spec.metrics[0].resource.target.averageUtilization).toBe(70);
    expect(hpa.spec.minReplicas).toBe(2);
  });

  test('ArgoCD ignores the replicas of autoscaled Deployments only', () => {
    const argo = synthArgo();
    const app = find(argo, 'Application', 'test-test-svc-api');
    expect(app.spec.ignoreDifferences).toEqual([{ group: 'apps', kind: 'Deployment', name: 'api', namespace: 'shop', jsonPointers: ['/spec/replicas'] }]);
    expect(find(argo, 'Application', 'test-test-svc-web').spec.ignoreDifferences).toBeUndefined();
  });

  test('PDB for two or more pods (an autoscaled single replica counts its maximum); none for one', () => {
    expect(find(api, 'PodDisruptionBudget', 'api').spec).toEqual({ maxUnavailable: 1, selector: { matchLabels: selector } });
    expect(serviceObjects(SHOP, 'chat').some((o) => o.kind === 'PodDisruptionBudget')).toBe(false);
    const scaled = serviceObjects(shopWith({ chat: { ...SHOP.services!.chat, maxReplicas: 3 } }), 'chat');
    expect(find(scaled, 'PodDisruptionBudget', 'chat').spec.maxUnavailable).toBe(1);
  });
});

describe('AppService monitoring', () => {
  test('PodMonitor on the metrics path of the first http port, with the Prometheus selector labels', () => {
    const monitor = find(api, 'PodMonitor', 'api');
    expect(monitor.metadata.labels.release).toBe('kube-prometheus-stack');
    expect(monitor.spec.selector.matchLabels).toEqual(selector);
    expect(monitor.spec.podMetricsEndpoints).toEqual([{ port: 'api', path: '/metrics', interval: '30s' }]);
    expect(find(serviceObjects(SHOP, 'worker'), 'PodMonitor', 'worker').spec.podMetricsEndpoints[0].path).toBe('/internal/metrics');
  });

  test('metricsPort picks another http port; gRPC-only and TCP-only services are not scraped', () => {
    const spec = shopWith({ api: { ...SHOP.services!.api, ports: { ...SHOP.services!.api.ports, admin: { port: 9100 } }, metricsPort: 'admin' } });
    expect(find(serviceObjects(spec, 'api'), 'PodMonitor', 'api').spec.podMetricsEndpoints[0].port).toBe('admin');
    expect(serviceObjects(SHOP, 'rates').some((o) => o.kind === 'PodMonitor')).toBe(false);
    expect(serviceObjects(SHOP, 'legacy').some((o) => o.kind === 'PodMonitor')).toBe(false);
  });
});

function synthArgo(): K8sObject[] {
  return synthSpec({ ...SHOP, gitops: { repoUrl: 'https://github.com/shop/manifests.git' } }).get('argocd')!;
}
