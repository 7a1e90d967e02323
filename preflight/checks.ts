import { ClusterFacts } from './facts';
import { Requirements } from './requirements';
import { ARGOCD_SYNC_OPTION_SINCE, compareVersions, KUBERNETES_MAX, KUBERNETES_MIN, parseVersion } from './versions';

/** One line of the preflight report. */
export interface CheckResult {
  readonly ok: boolean;
  readonly check: string;
  readonly detail: string;
  /** How to fix a failure. */
  readonly fix?: string;
}

const pass = (check: string, detail: string): CheckResult => ({ ok: true, check, detail });
const fail = (check: string, detail: string, fix: string): CheckResult => ({ ok: false, check, detail, fix });

/** Every check, in report order; pure, so the decisions are tested without a cluster. */
export function decide(req: Requirements, facts: ClusterFacts): CheckResult[] {
  return [
    kubernetesVersion(facts),
    ...servedApis(req, facts),
    ...(req.mesh ? [istioCni(facts)] : []),
    ...(req.argocd ? [argocdVersion(req.argocd.syncOptions, facts)] : []),
    ...storageClasses(req, facts),
    ...secrets(req, facts),
  ];
}

function kubernetesVersion(facts: ClusterFacts): CheckResult {
  const v = [facts.version.major, facts.version.minor];
  const range = `${KUBERNETES_MIN.major}.${KUBERNETES_MIN.minor} to ${KUBERNETES_MAX.major}.${KUBERNETES_MAX.minor}`;
  const inRange = compareVersions(v, [KUBERNETES_MIN.major, KUBERNETES_MIN.minor]) >= 0 && compareVersions(v, [KUBERNETES_MAX.major, KUBERNETES_MAX.minor]) <= 0;
  return inRange
    ? pass('kubernetes version', `${facts.version.gitVersion} (supported ${range})`)
    : fail('kubernetes version', `${facts.version.gitVersion} is outside ${range}, the versions the manifests are validated and tested against`,
      compareVersions(v, [KUBERNETES_MIN.major, KUBERNETES_MIN.minor]) < 0
        ? 'upgrade the cluster'
        : 'run the dry-run cluster tests against this version and raise KUBERNETES_MAX in preflight/versions.ts, or target a supported cluster');
}

function servedApis(req: Requirements, facts: ClusterFacts): CheckResult[] {
  return req.apis.map(({ apiVersion, kind }) => {
    const kinds = facts.served.get(apiVersion);
    const check = `api ${apiVersion} ${kind}`;
    if (kinds?.has(kind)) return pass(check, 'served');
    const what = kinds ? `${apiVersion} is served but has no ${kind}` : `${apiVersion} is not served`;
    const group = apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
    const builtIn = !group.includes('.') || group.endsWith('.k8s.io');
    return fail(check, what, builtIn
      ? 'upgrade the cluster to a Kubernetes version that serves it'
      : `install the operator or CRDs that define ${kind} in ${apiVersion} (this version, not an older one) before the first sync`);
  });
}

function istioCni(facts: ClusterFacts): CheckResult {
  const ds = facts.istioCni;
  if (!ds) {
    return fail('istio cni', 'the mesh is on but no istio-cni-node DaemonSet exists',
      'install Istio with its CNI node agent (istioctl install --set components.cni.enabled=true, or the istio/cni Helm chart): under Pod Security "restricted" the sidecar cannot use the NET_ADMIN init container');
  }
  if (ds.desired === 0 || ds.ready < ds.desired) {
    return fail('istio cni', `istio-cni-node in ${ds.namespace}: ${ds.ready} of ${ds.desired} pods ready`, 'make the istio-cni-node pods ready on every node (kubectl -n ' + ds.namespace + ' describe daemonset istio-cni-node)');
  }
  return pass('istio cni', `istio-cni-node in ${ds.namespace}: ${ds.ready} of ${ds.desired} pods ready`);
}

function argocdVersion(syncOptions: readonly string[], facts: ClusterFacts): CheckResult {
  const needed = syncOptions.filter((o) => ARGOCD_SYNC_OPTION_SINCE[o]);
  const minimum = needed.map((o) => ARGOCD_SYNC_OPTION_SINCE[o]).sort((a, b) => compareVersions(parseVersion(b)!, parseVersion(a)!))[0] ?? '1.0.0';
  const why = needed.filter((o) => ARGOCD_SYNC_OPTION_SINCE[o] === minimum).join(', ');
  if (!facts.argocd) {
    return fail('argo cd version', 'no argocd-server, argocd-application-controller or argocd-repo-server found', `install Argo CD ${minimum} or newer (the Applications use ${why || 'no versioned option'}), or correct gitops.argocdNamespace`);
  }
  const found = parseVersion(facts.argocd.version);
  if (!found) {
    return fail('argo cd version', `cannot read a version from ${facts.argocd.source} (${facts.argocd.version ?? 'no label or tag'})`, 'label the Argo CD workloads with app.kubernetes.io/version or deploy a tagged image');
  }
  return compareVersions(found, parseVersion(minimum)!) >= 0
    ? pass('argo cd version', `${found.join('.')} (at least ${minimum} for ${why})`)
    : fail('argo cd version', `${found.join('.')} is older than ${minimum}, which ${why} needs`, `upgrade Argo CD to ${minimum} or newer`);
}

function storageClasses(req: Requirements, facts: ClusterFacts): CheckResult[] {
  const names = new Set(facts.storageClasses.map((c) => c.name));
  const out = req.storageClasses.map((name) => names.has(name)
    ? pass(`storage class ${name}`, 'exists')
    : fail(`storage class ${name}`, 'claims name it but the cluster has no such StorageClass', `create StorageClass ${name}, or set storageClass in the spec to one of: ${[...names].join(', ') || '(none)'}`));
  if (req.needsDefaultStorageClass) {
    const defaults = facts.storageClasses.filter((c) => c.isDefault).map((c) => c.name);
    out.push(defaults.length === 1
      ? pass('default storage class', `${defaults[0]} (for claims that name no class)`)
      : fail('default storage class', defaults.length === 0 ? 'claims name no class and the cluster has no default StorageClass' : `claims name no class and ${defaults.length} StorageClasses are marked default (${defaults.join(', ')})`,
        'mark exactly one StorageClass with storageclass.kubernetes.io/is-default-class: "true", or set common.storageClass in the spec'));
  }
  return out;
}

function secrets(req: Requirements, facts: ClusterFacts): CheckResult[] {
  return req.secrets.map((s) => {
    const id = `${s.namespace}/${s.name}`;
    const keys = facts.secretKeys.get(id);
    const check = `secret ${id}`;
    if (!keys) {
      return fail(check, `missing (keys ${s.keys.join(', ')})`,
        s.type === 'tls' ? `kubectl -n ${s.namespace} create secret tls ${s.name} --cert=... --key=...`
          : `kubectl -n ${s.namespace} create secret generic ${s.name} ${s.keys.map((k) => `--from-literal=${k}=...`).join(' ')}`);
    }
    const missing = s.keys.filter((k) => !keys.includes(k));
    return missing.length === 0
      ? pass(check, `has ${s.keys.join(', ')}`)
      : fail(check, `exists without key${missing.length === 1 ? '' : 's'} ${missing.join(', ')}`, `add ${missing.join(', ')} to the Secret (values never go to Git)`);
  });
}

/** One line per check: `ok   name: detail` or `FAIL name: detail. Fix: ...`. */
export function formatResults(results: readonly CheckResult[]): string {
  return results.map((r) => (r.ok ? `ok    ${r.check}: ${r.detail}` : `FAIL  ${r.check}: ${r.detail}. Fix: ${r.fix}`)).join('\n');
}
