import type { Violation } from './index';
import {
  containersOf, isEmptySelector, labelSelectorMatches, LONG_RUNNING_KINDS, mapSelectorMatches, namespaceOf,
  objectId, podTemplate, selectorKeys, type ContainerRef, type K8sObject, type PodTemplate,
} from './k8s-objects';

/**
 * Policy checks over a whole environment's objects. Ids are stable (tests and reviews refer to
 * them); the sources are the Pod Security Standards "restricted" profile, kube-linter, kube-score,
 * Istio's protocol selection and this platform's own conventions.
 */
export const POLICY_CHECKS = {
  'run-as-non-root': 'PSS restricted: runAsNonRoot true (pod or container) and never runAsUser 0',
  'allow-privilege-escalation': 'PSS restricted: allowPrivilegeEscalation false on every container',
  'capabilities-drop-all': 'PSS restricted: capabilities.drop contains ALL',
  'capabilities-add': 'PSS restricted: capabilities.add is at most NET_BIND_SERVICE',
  'seccomp-profile': 'PSS restricted: seccompProfile RuntimeDefault or Localhost (pod or container)',
  'privileged': 'PSS baseline: no privileged containers',
  'host-network': 'PSS baseline: no hostNetwork',
  'host-pid': 'PSS baseline: no hostPID',
  'host-ipc': 'PSS baseline: no hostIPC',
  'host-path-volume': 'PSS baseline: no hostPath volumes',
  'host-port': 'PSS baseline: no hostPort',
  'read-only-root-fs': 'kube-linter no-read-only-root-fs: readOnlyRootFilesystem true unless the pod template has annotation platform.io/writable-root-fs: "<reason>"',
  'resource-requests': 'kube-score container-resources: cpu and memory requests on every container',
  'memory-limit': 'kube-score container-resources: memory limit on every container',
  'image-tag': 'kube-linter latest-tag: image pinned by a tag other than latest (or a digest)',
  'liveness-probe': 'kube-score pod-probes: liveness probe on long-running containers',
  'readiness-probe': 'kube-score pod-probes: readiness probe on long-running containers',
  'dangling-service': 'kube-linter dangling-service: a Service selector matches some workload in its namespace (keys listed in platform.io/runtime-selector-labels are set at run time and ignored)',
  'pod-disruption-budget': 'kube-score poddisruptionbudget: a matching PDB for every Deployment/StatefulSet with replicas >= 2',
  'selector-version-label': 'selectors never use app.kubernetes.io/version (it changes on every release; selectors are immutable)',
  'selector-template-mismatch': 'a workload selector matches its own pod template labels',
  'statefulset-pvc-template': 'StatefulSet volumeClaimTemplates carry apiVersion v1 and kind PersistentVolumeClaim (stable diffs in GitOps)',
  'statefulset-pvc-retention': 'StatefulSet persistentVolumeClaimRetentionPolicy whenDeleted and whenScaled are Retain',
  'service-port-name': 'every Service port has a name (Istio protocol selection)',
  'service-port-protocol': 'Service port name starts with a protocol prefix (http, grpc, tcp...) or appProtocol is set',
  'default-deny-network-policy': 'every namespace with workloads has a NetworkPolicy with empty podSelector and Ingress in policyTypes',
  'duplicate-object': 'no two objects share kind, namespace and name',
} as const;

export type PolicyCheckId = keyof typeof POLICY_CHECKS;

export const WRITABLE_ROOT_FS_ANNOTATION = 'platform.io/writable-root-fs';
/**
 * On a Service: comma-separated selector keys that a controller inside the pods sets at run time
 * (e.g. Patroni's `role`). No pod template carries them, so dangling-service ignores them.
 * Same contract as charts/lib/runtime-selector.ts, which writes it.
 */
export const RUNTIME_SELECTOR_LABELS_ANNOTATION = 'platform.io/runtime-selector-labels';
const VERSION_LABEL = 'app.kubernetes.io/version';
const ISTIO_PROTOCOL_PREFIXES = ['http', 'http2', 'https', 'grpc', 'grpc-web', 'tcp', 'tls', 'mongo', 'mysql', 'redis', 'udp'];
const ALLOWED_CAPABILITY_ADDS = new Set(['NET_BIND_SERVICE']);
const ALLOWED_SECCOMP = new Set(['RuntimeDefault', 'Localhost']);

type Report = (check: PolicyCheckId, path: string, message: string) => void;

export function checkPolicies(input: readonly object[]): Violation[] {
  const objects = input.filter((o): o is K8sObject => typeof o === 'object' && o !== null);
  const violations: Violation[] = [];
  const reporter = (object: string): Report => (check, path, message) => violations.push({ object, check, path, message });

  for (const o of objects) {
    const report = reporter(objectId(o));
    const tpl = podTemplate(o);
    if (tpl) {
      checkPodSecurity(tpl, report);
      for (const c of containersOf(tpl)) checkContainer(o, tpl, c, report);
      checkWorkloadSelector(o, tpl, report);
    }
    checkSelectorLabels(o, report);
    if (o.kind === 'StatefulSet') checkStatefulSet(o, report);
    if (o.kind === 'Service') checkServicePorts(o, report);
  }
  checkCrossObject(objects, reporter);
  return violations;
}

function checkPodSecurity(tpl: PodTemplate, report: Report): void {
  const spec = tpl.spec;
  const at = (field: string) => (tpl.path ? `${tpl.path}.spec.${field}` : `spec.${field}`);
  if (spec.hostNetwork === true) report('host-network', at('hostNetwork'), 'pod shares the node network namespace; remove hostNetwork');
  if (spec.hostPID === true) report('host-pid', at('hostPID'), 'pod shares the node PID namespace; remove hostPID');
  if (spec.hostIPC === true) report('host-ipc', at('hostIPC'), 'pod shares the node IPC namespace; remove hostIPC');
  (Array.isArray(spec.volumes) ? spec.volumes : []).forEach((v: K8sObject, i: number) => {
    if (v?.hostPath) report('host-path-volume', at(`volumes[${i}].hostPath`), `volume "${v.name}" mounts a node path; use a PVC, emptyDir, ConfigMap or Secret`);
  });
}

function checkContainer(o: K8sObject, tpl: PodTemplate, ref: ContainerRef, report: Report): void {
  const { container: c, path } = ref;
  const who = `${ref.init ? 'init container' : 'container'} "${c.name}"`;
  const sc: K8sObject = c.securityContext ?? {};
  const podSc: K8sObject = tpl.spec.securityContext ?? {};
  const scPath = `${path}.securityContext`;

  const nonRoot = sc.runAsNonRoot ?? podSc.runAsNonRoot;
  if (nonRoot !== true) report('run-as-non-root', `${scPath}.runAsNonRoot`, `${who} may run as root: set runAsNonRoot: true on the container or pod securityContext`);
  if ((sc.runAsUser ?? podSc.runAsUser) === 0) report('run-as-non-root', `${scPath}.runAsUser`, `${who} runs as UID 0; use a non-zero runAsUser`);
  if (sc.allowPrivilegeEscalation !== false) report('allow-privilege-escalation', `${scPath}.allowPrivilegeEscalation`, `${who} must set allowPrivilegeEscalation: false`);
  const drop: unknown[] = Array.isArray(sc.capabilities?.drop) ? sc.capabilities.drop : [];
  if (!drop.includes('ALL')) report('capabilities-drop-all', `${scPath}.capabilities.drop`, `${who} must drop ALL capabilities`);
  const add: unknown[] = Array.isArray(sc.capabilities?.add) ? sc.capabilities.add : [];
  const extra = add.filter((cap) => !ALLOWED_CAPABILITY_ADDS.has(String(cap)));
  if (extra.length > 0) report('capabilities-add', `${scPath}.capabilities.add`, `${who} adds ${extra.join(', ')}; only NET_BIND_SERVICE may be added`);
  const seccomp = sc.seccompProfile?.type ?? podSc.seccompProfile?.type;
  if (!ALLOWED_SECCOMP.has(seccomp)) {
    report('seccomp-profile', `${scPath}.seccompProfile.type`, `${who} has seccomp profile ${seccomp ?? 'unset'}; set RuntimeDefault (or Localhost) on the container or pod`);
  }
  if (sc.privileged === true) report('privileged', `${scPath}.privileged`, `${who} is privileged; remove privileged: true`);
  (Array.isArray(c.ports) ? c.ports : []).forEach((p: K8sObject, i: number) => {
    if (p?.hostPort) report('host-port', `${path}.ports[${i}].hostPort`, `${who} binds host port ${p.hostPort}; expose it through a Service instead`);
  });

  if (sc.readOnlyRootFilesystem !== true) {
    const reason = tpl.annotations[WRITABLE_ROOT_FS_ANNOTATION];
    if (typeof reason !== 'string' || reason.trim() === '') {
      report('read-only-root-fs', `${scPath}.readOnlyRootFilesystem`, `${who} has a writable root filesystem: set readOnlyRootFilesystem: true ` +
        `(mount an emptyDir for scratch space) or annotate the pod template ${WRITABLE_ROOT_FS_ANNOTATION}: "<why the image must write>"`);
    }
  }

  const requests: K8sObject = c.resources?.requests ?? {};
  const missing = ['cpu', 'memory'].filter((r) => requests[r] === undefined || requests[r] === null || requests[r] === '');
  if (missing.length > 0) report('resource-requests', `${path}.resources.requests`, `${who} has no ${missing.join(' or ')} request`);
  const memLimit = c.resources?.limits?.memory;
  if (memLimit === undefined || memLimit === null || memLimit === '') report('memory-limit', `${path}.resources.limits.memory`, `${who} has no memory limit`);

  const imageProblem = imageTagProblem(c.image);
  if (imageProblem) report('image-tag', `${path}.image`, `${who}: ${imageProblem}`);

  if (!ref.init && LONG_RUNNING_KINDS.has(o.kind)) {
    if (!c.livenessProbe) report('liveness-probe', `${path}.livenessProbe`, `${who} has no liveness probe`);
    if (!c.readinessProbe) report('readiness-probe', `${path}.readinessProbe`, `${who} has no readiness probe`);
  }
}

/** Why an image reference is not pinned, or undefined when it is. */
export function imageTagProblem(image: unknown): string | undefined {
  if (typeof image !== 'string' || image === '') return 'no image';
  const [nameAndTag, digest] = image.split('@');
  if (digest) return undefined; // pinned by digest
  // a ':' before the last '/' is a registry port, not a tag
  const tagAt = nameAndTag.lastIndexOf(':');
  const tag = tagAt > nameAndTag.lastIndexOf('/') ? nameAndTag.slice(tagAt + 1) : '';
  if (!tag) return `image "${image}" has no tag (means latest); pin a version`;
  if (tag === 'latest') return `image "${image}" uses the latest tag; pin a version`;
  return undefined;
}

function checkWorkloadSelector(o: K8sObject, tpl: PodTemplate, report: Report): void {
  if (!LONG_RUNNING_KINDS.has(o.kind) || !o.spec?.selector) return;
  if (!labelSelectorMatches(o.spec.selector, tpl.labels)) {
    report('selector-template-mismatch', 'spec.selector', `selector does not match the pod template labels ${JSON.stringify(tpl.labels)}`);
  }
}

function checkSelectorLabels(o: K8sObject, report: Report): void {
  const selectors: Array<[string, unknown]> = [
    ['spec.selector', o.spec?.selector],
    ['spec.podSelector', o.spec?.podSelector],
    ['spec.workloadSelector.labels', o.spec?.workloadSelector?.labels],
  ];
  for (const [path, selector] of selectors) {
    if (selectorKeys(selector).includes(VERSION_LABEL)) {
      report('selector-version-label', path, `selector uses ${VERSION_LABEL}; it changes every release and would orphan pods (selectors are immutable)`);
    }
  }
}

function checkStatefulSet(o: K8sObject, report: Report): void {
  (Array.isArray(o.spec?.volumeClaimTemplates) ? o.spec.volumeClaimTemplates : []).forEach((t: K8sObject, i: number) => {
    if (t?.apiVersion !== 'v1' || t?.kind !== 'PersistentVolumeClaim') {
      report('statefulset-pvc-template', `spec.volumeClaimTemplates[${i}]`,
        'set apiVersion: v1 and kind: PersistentVolumeClaim; the API server adds them, so without them GitOps tools show a permanent diff');
    }
  });
  const policy = o.spec?.persistentVolumeClaimRetentionPolicy;
  if (policy?.whenDeleted !== 'Retain' || policy?.whenScaled !== 'Retain') {
    report('statefulset-pvc-retention', 'spec.persistentVolumeClaimRetentionPolicy',
      'set whenDeleted: Retain and whenScaled: Retain so deleting or scaling the StatefulSet never deletes data');
  }
}

function checkServicePorts(o: K8sObject, report: Report): void {
  (Array.isArray(o.spec?.ports) ? o.spec.ports : []).forEach((p: K8sObject, i: number) => {
    const path = `spec.ports[${i}]`;
    const name = typeof p?.name === 'string' ? p.name : '';
    if (!name) report('service-port-name', `${path}.name`, `port ${p?.port} has no name; Istio needs named ports to select the protocol`);
    const prefixed = ISTIO_PROTOCOL_PREFIXES.some((pre) => name === pre || name.startsWith(`${pre}-`));
    if (!prefixed && !p?.appProtocol) {
      report('service-port-protocol', `${path}.name`,
        `port ${p?.port} name "${name}" does not start with a protocol (${ISTIO_PROTOCOL_PREFIXES.join(', ')}) followed by "-"; rename it or set appProtocol`);
    }
  });
}

function checkCrossObject(objects: readonly K8sObject[], reporter: (object: string) => Report): void {
  const workloads = objects.flatMap((o) => {
    const tpl = podTemplate(o);
    return tpl ? [{ o, tpl, ns: namespaceOf(o) }] : [];
  });

  const seen = new Set<string>();
  for (const o of objects) {
    const id = objectId(o);
    if (seen.has(id)) reporter(id)('duplicate-object', '', 'another object has the same kind, namespace and name');
    seen.add(id);
  }

  for (const svc of objects.filter((o) => o.kind === 'Service')) {
    const selector = svc.spec?.selector;
    if (svc.spec?.type === 'ExternalName' || !selector || Object.keys(selector).length === 0) continue;
    const runtime = String(svc.metadata?.annotations?.[RUNTIME_SELECTOR_LABELS_ANNOTATION] ?? '').split(',').map((k) => k.trim());
    const staticSelector = Object.fromEntries(Object.entries(selector as Record<string, string>).filter(([k]) => !runtime.includes(k)));
    const ns = namespaceOf(svc);
    if (!workloads.some((w) => w.ns === ns && mapSelectorMatches(staticSelector, w.tpl.labels))) {
      reporter(objectId(svc))('dangling-service', 'spec.selector', `selector ${JSON.stringify(staticSelector)} matches no workload's pod labels in namespace "${ns}"` +
        (runtime.some(Boolean) ? ` (run-time keys ${runtime.filter(Boolean).join(', ')} ignored)` : ''));
    }
  }

  const pdbs = objects.filter((o) => o.kind === 'PodDisruptionBudget');
  for (const w of workloads) {
    if (w.o.kind !== 'Deployment' && w.o.kind !== 'StatefulSet') continue;
    const replicas = typeof w.o.spec?.replicas === 'number' ? w.o.spec.replicas : 1;
    if (replicas < 2) continue;
    if (!pdbs.some((p) => namespaceOf(p) === w.ns && labelSelectorMatches(p.spec?.selector, w.tpl.labels))) {
      reporter(objectId(w.o))('pod-disruption-budget', 'spec.replicas',
        `${replicas} replicas but no PodDisruptionBudget in namespace "${w.ns}" selects labels ${JSON.stringify(w.tpl.labels)}`);
    }
  }

  const namespaces = [...new Set(workloads.map((w) => w.ns))];
  for (const ns of namespaces) {
    const denies = objects.some((o) => o.kind === 'NetworkPolicy' && namespaceOf(o) === ns && isEmptySelector(o.spec?.podSelector) &&
      Array.isArray(o.spec?.policyTypes) && o.spec.policyTypes.includes('Ingress'));
    if (!denies) {
      reporter(`Namespace/${ns || '<unset>'}`)('default-deny-network-policy', '',
        'namespace runs workloads but has no default-deny NetworkPolicy (podSelector: {} with policyTypes including Ingress)');
    }
  }
}
