import { checkPolicies, imageTagProblem, POLICY_CHECKS, RUNTIME_SELECTOR_LABELS_ANNOTATION, WRITABLE_ROOT_FS_ANNOTATION } from '../../validation/policy';
import { cronJob, defaultDeny, deployment, environment, NS, pdb, service, statefulSet, type Obj } from './fixtures';

/** Policy findings for an environment after `mutate` broke it, as `check path` strings of one object. */
function findings(mutate: (objects: Obj[]) => void, object?: string): string[] {
  const objects = environment();
  mutate(objects);
  return checkPolicies(objects).filter((v) => !object || v.object === object).map((v) => `${v.check} ${v.path}`);
}

const get = (objects: Obj[], kind: string, name: string): Obj => {
  const o = objects.find((x) => x.kind === kind && x.metadata.name === name);
  if (!o) throw new Error(`fixture has no ${kind}/${name}`);
  return o;
};
const apiPod = (objects: Obj[]) => get(objects, 'Deployment', 'api').spec.template;
const apiContainer = (objects: Obj[]) => apiPod(objects).spec.containers[0];
const API = `Deployment/${NS}/api`;
const C = 'spec.template.spec.containers[0]';

test('the compliant fixture environment has no policy findings', () => {
  expect(checkPolicies(environment())).toEqual([]);
});

test('every check id is documented', () => {
  const ids = Object.keys(POLICY_CHECKS);
  expect(ids).toEqual(expect.arrayContaining(['run-as-non-root', 'read-only-root-fs', 'dangling-service', 'pod-disruption-budget', 'default-deny-network-policy']));
  expect(new Set(ids).size).toBe(ids.length);
});

describe('Pod Security Standards (restricted)', () => {
  test('run-as-non-root: unset at both levels fails; pod level alone is enough; container false overrides pod true', () => {
    expect(findings((o) => {
      delete apiPod(o).spec.securityContext.runAsNonRoot;
      delete apiContainer(o).securityContext.runAsNonRoot;
    }, API)).toEqual([`run-as-non-root ${C}.securityContext.runAsNonRoot`]);
    expect(findings((o) => { delete apiContainer(o).securityContext.runAsNonRoot; }, API)).toEqual([]);
    expect(findings((o) => { apiContainer(o).securityContext.runAsNonRoot = false; }, API)).toEqual([`run-as-non-root ${C}.securityContext.runAsNonRoot`]);
    expect(findings((o) => { apiContainer(o).securityContext.runAsUser = 0; }, API)).toEqual([`run-as-non-root ${C}.securityContext.runAsUser`]);
  });

  test('allow-privilege-escalation must be false', () => {
    expect(findings((o) => { delete apiContainer(o).securityContext.allowPrivilegeEscalation; }, API)).toEqual([`allow-privilege-escalation ${C}.securityContext.allowPrivilegeEscalation`]);
  });

  test('capabilities: drop ALL, add at most NET_BIND_SERVICE', () => {
    expect(findings((o) => { apiContainer(o).securityContext.capabilities = { drop: ['NET_RAW'] }; }, API)).toEqual([`capabilities-drop-all ${C}.securityContext.capabilities.drop`]);
    expect(findings((o) => { apiContainer(o).securityContext.capabilities.add = ['NET_BIND_SERVICE']; }, API)).toEqual([]);
    expect(findings((o) => { apiContainer(o).securityContext.capabilities.add = ['NET_BIND_SERVICE', 'SYS_ADMIN']; }, API)).toEqual([`capabilities-add ${C}.securityContext.capabilities.add`]);
  });

  test('seccomp-profile: RuntimeDefault or Localhost at pod or container level', () => {
    expect(findings((o) => { delete apiContainer(o).securityContext.seccompProfile; }, API)).toEqual([]);
    expect(findings((o) => { apiContainer(o).securityContext.seccompProfile = { type: 'Localhost', localhostProfile: 'p.json' }; }, API)).toEqual([]);
    expect(findings((o) => { apiContainer(o).securityContext.seccompProfile = { type: 'Unconfined' }; }, API)).toEqual([`seccomp-profile ${C}.securityContext.seccompProfile.type`]);
    expect(findings((o) => {
      delete apiContainer(o).securityContext.seccompProfile;
      delete apiPod(o).spec.securityContext.seccompProfile;
    }, API)).toEqual([`seccomp-profile ${C}.securityContext.seccompProfile.type`]);
  });

  test('privileged containers fail', () => {
    expect(findings((o) => { apiContainer(o).securityContext.privileged = true; }, API)).toEqual([`privileged ${C}.securityContext.privileged`]);
  });

  test('host namespaces, hostPath volumes and host ports fail', () => {
    expect(findings((o) => {
      Object.assign(apiPod(o).spec, { hostNetwork: true, hostPID: true, hostIPC: true });
    }, API).sort()).toEqual(['host-ipc spec.template.spec.hostIPC', 'host-network spec.template.spec.hostNetwork', 'host-pid spec.template.spec.hostPID']);
    expect(findings((o) => { apiPod(o).spec.volumes.push({ name: 'docker', hostPath: { path: '/var/run/docker.sock' } }); }, API))
      .toEqual(['host-path-volume spec.template.spec.volumes[1].hostPath']);
    expect(findings((o) => { apiContainer(o).ports[0].hostPort = 8080; }, API)).toEqual([`host-port ${C}.ports[0].hostPort`]);
  });

  test('init containers are held to the same security rules', () => {
    expect(findings((o) => {
      apiPod(o).spec.initContainers = [{ ...apiContainer(o), name: 'migrate', securityContext: { runAsNonRoot: true } }];
    }, API).sort()).toEqual([
      'allow-privilege-escalation spec.template.spec.initContainers[0].securityContext.allowPrivilegeEscalation',
      'capabilities-drop-all spec.template.spec.initContainers[0].securityContext.capabilities.drop',
      'read-only-root-fs spec.template.spec.initContainers[0].securityContext.readOnlyRootFilesystem',
    ]);
  });
});

describe('kube-linter / kube-score', () => {
  test('read-only-root-fs: a writable root needs the annotation with a reason', () => {
    expect(findings((o) => { apiContainer(o).securityContext.readOnlyRootFilesystem = false; }, API)).toEqual([`read-only-root-fs ${C}.securityContext.readOnlyRootFilesystem`]);
    expect(findings((o) => {
      apiContainer(o).securityContext.readOnlyRootFilesystem = false;
      apiPod(o).metadata.annotations = { [WRITABLE_ROOT_FS_ANNOTATION]: 'JVM writes hsperfdata under /tmp of the image' };
    }, API)).toEqual([]);
    expect(findings((o) => {
      delete apiContainer(o).securityContext.readOnlyRootFilesystem;
      apiPod(o).metadata.annotations = { [WRITABLE_ROOT_FS_ANNOTATION]: ' ' };
    }, API)).toEqual([`read-only-root-fs ${C}.securityContext.readOnlyRootFilesystem`]);
  });

  test('resource-requests and memory-limit on every container', () => {
    const objects = environment();
    delete apiContainer(objects).resources.requests.cpu;
    delete apiContainer(objects).resources.limits;
    const v = checkPolicies(objects).filter((x) => x.object === API);
    expect(v.map((x) => `${x.check} ${x.path}`)).toEqual([`resource-requests ${C}.resources.requests`, `memory-limit ${C}.resources.limits.memory`]);
    expect(v[0].message).toMatch(/no cpu request/);
  });

  test('image-tag: explicit, not latest (a digest also pins)', () => {
    expect(findings((o) => { apiContainer(o).image = 'ghcr.io/example/api:latest'; }, API)).toEqual([`image-tag ${C}.image`]);
    expect(findings((o) => { apiContainer(o).image = 'ghcr.io/example/api'; }, API)).toEqual([`image-tag ${C}.image`]);
    expect(imageTagProblem('registry.local:5000/team/api')).toMatch(/no tag/);
    expect(imageTagProblem('registry.local:5000/team/api:2.1.0')).toBeUndefined();
    expect(imageTagProblem('ghcr.io/example/api@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef')).toBeUndefined();
  });

  test('liveness and readiness probes on long-running containers only', () => {
    expect(findings((o) => {
      delete apiContainer(o).livenessProbe;
      delete apiContainer(o).readinessProbe;
    }, API)).toEqual([`liveness-probe ${C}.livenessProbe`, `readiness-probe ${C}.readinessProbe`]);
    expect(findings((o) => {
      const s = get(o, 'StatefulSet', 'ledger');
      delete s.spec.template.spec.containers[0].readinessProbe;
    }, `StatefulSet/${NS}/ledger`)).toEqual(['readiness-probe spec.template.spec.containers[0].readinessProbe']);
    // the fixture CronJob has no probes at all; an init container without probes is fine too
    expect(findings((o) => {
      apiPod(o).spec.initContainers = [{ ...apiContainer(o), name: 'migrate', livenessProbe: undefined, readinessProbe: undefined }];
    }, API)).toEqual([]);
    expect(checkPolicies([cronJob('reconcile'), defaultDeny()])).toEqual([]);
  });

  test('dangling-service: a selector must match some workload in the namespace', () => {
    expect(findings((o) => { get(o, 'Service', 'api').spec.selector = { 'app.kubernetes.io/name': 'apii' }; }, `Service/${NS}/api`))
      .toEqual(['dangling-service spec.selector']);
    expect(findings((o) => { get(o, 'Service', 'api').metadata.namespace = 'other'; }, `Service/other/api`)).toEqual(['dangling-service spec.selector']);
    expect(findings((o) => { delete get(o, 'Service', 'api').spec.selector; }, `Service/${NS}/api`)).toEqual([]);
  });

  test('dangling-service ignores selector keys a controller sets at run time (declared on the Service)', () => {
    const primary = (annotated: boolean) => (o: Obj[]) => {
      const s = get(o, 'Service', 'ledger');
      s.spec.selector = { ...s.spec.selector, role: 'master' };
      if (annotated) s.metadata.annotations = { [RUNTIME_SELECTOR_LABELS_ANNOTATION]: 'role' };
    };
    expect(findings(primary(false), `Service/${NS}/ledger`)).toEqual(['dangling-service spec.selector']);
    expect(findings(primary(true), `Service/${NS}/ledger`)).toEqual([]);
  });

  test('pod-disruption-budget: required from 2 replicas, and its selector must match', () => {
    const withoutPdb = (o: Obj[]) => o.splice(o.indexOf(get(o, 'PodDisruptionBudget', 'api')), 1);
    expect(findings(withoutPdb, API)).toEqual(['pod-disruption-budget spec.replicas']);
    expect(findings((o) => { withoutPdb(o); get(o, 'Deployment', 'api').spec.replicas = 1; }, API)).toEqual([]);
    expect(findings((o) => { get(o, 'PodDisruptionBudget', 'api').spec.selector.matchLabels = { 'app.kubernetes.io/name': 'web' }; }, API))
      .toEqual(['pod-disruption-budget spec.replicas']);
    expect(findings((o) => { get(o, 'PodDisruptionBudget', 'ledger').spec.selector = { matchExpressions: [{ key: 'app.kubernetes.io/name', operator: 'In', values: ['ledger'] }] }; }))
      .toEqual([]);
  });
});

describe('platform conventions', () => {
  test('selectors never use app.kubernetes.io/version', () => {
    expect(findings((o) => {
      const d = get(o, 'Deployment', 'api');
      d.spec.selector.matchLabels['app.kubernetes.io/version'] = '1.4.2';
      get(o, 'Service', 'api').spec.selector['app.kubernetes.io/version'] = '1.4.2';
    }).filter((f) => f.startsWith('selector-version-label'))).toEqual(['selector-version-label spec.selector', 'selector-version-label spec.selector']);
  });

  test('a workload selector must match its own pod template', () => {
    expect(findings((o) => { get(o, 'Deployment', 'api').spec.selector.matchLabels['tier'] = 'backend'; }, API)).toEqual(['selector-template-mismatch spec.selector']);
  });

  test('StatefulSet volumeClaimTemplates carry apiVersion and kind; claims are retained', () => {
    const S = `StatefulSet/${NS}/ledger`;
    expect(findings((o) => {
      const t = get(o, 'StatefulSet', 'ledger').spec.volumeClaimTemplates[0];
      delete t.apiVersion;
      delete t.kind;
    }, S)).toEqual(['statefulset-pvc-template spec.volumeClaimTemplates[0]']);
    expect(findings((o) => { delete get(o, 'StatefulSet', 'ledger').spec.persistentVolumeClaimRetentionPolicy; }, S)).toEqual(['statefulset-pvc-retention spec.persistentVolumeClaimRetentionPolicy']);
    expect(findings((o) => { get(o, 'StatefulSet', 'ledger').spec.persistentVolumeClaimRetentionPolicy.whenScaled = 'Delete'; }, S))
      .toEqual(['statefulset-pvc-retention spec.persistentVolumeClaimRetentionPolicy']);
  });

  test('Service ports are named with an Istio protocol prefix, or set appProtocol', () => {
    const S = `Service/${NS}/api`;
    const ports = (p: Obj[]) => (o: Obj[]) => { get(o, 'Service', 'api').spec.ports = p; };
    expect(findings(ports([{ port: 80, targetPort: 8080 }]), S)).toEqual(['service-port-name spec.ports[0].name', 'service-port-protocol spec.ports[0].name']);
    expect(findings(ports([{ port: 80, targetPort: 8080, appProtocol: 'http' }]), S)).toEqual(['service-port-name spec.ports[0].name']);
    expect(findings(ports([{ name: 'metrics', port: 80 }]), S)).toEqual(['service-port-protocol spec.ports[0].name']);
    expect(findings(ports([{ name: 'httpx', port: 80 }]), S)).toEqual(['service-port-protocol spec.ports[0].name']);
    expect(findings(ports([{ name: 'metrics', port: 80, appProtocol: 'http' }]), S)).toEqual([]);
    expect(findings(ports(['http', 'http2', 'https-api', 'grpc', 'grpc-web', 'tcp-db', 'tls', 'mongo', 'mysql-main', 'redis', 'udp-dns']
      .map((name, i) => ({ name, port: 1000 + i }))), S)).toEqual([]);
  });

  test('every namespace with workloads has a default-deny NetworkPolicy', () => {
    const N = `Namespace/${NS}`;
    expect(findings((o) => o.splice(o.indexOf(get(o, 'NetworkPolicy', 'default-deny')), 1), N)).toEqual(['default-deny-network-policy ']);
    expect(findings((o) => { get(o, 'NetworkPolicy', 'default-deny').spec.policyTypes = ['Egress']; }, N)).toEqual(['default-deny-network-policy ']);
    expect(findings((o) => { get(o, 'NetworkPolicy', 'default-deny').spec.podSelector = { matchLabels: { a: 'b' } }; }, N)).toEqual(['default-deny-network-policy ']);
    expect(checkPolicies([service('api'), pdb('api')]).filter((v) => v.check === 'default-deny-network-policy')).toEqual([]);
  });

  test('objects are identified as Kind/namespace/name (Kind/name without a namespace); duplicates are reported', () => {
    const d = deployment('api');
    const v = checkPolicies([d, { ...deployment('api') }, statefulSet('ledger'), defaultDeny()]);
    expect(v.filter((x) => x.check === 'duplicate-object')).toEqual([{ object: API, check: 'duplicate-object', path: '', message: expect.any(String) }]);
    const clusterScoped = deployment('api');
    delete clusterScoped.metadata.namespace;
    expect(checkPolicies([clusterScoped]).map((x) => x.object)).toContain('Deployment/api');
  });
});
