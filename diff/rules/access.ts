/**
 * Protections that a change can quietly weaken: disruption budgets, NetworkPolicies, Istio
 * AuthorizationPolicies and PeerAuthentications. Loosening is judged by what the policy allows
 * after that it did not allow before; removal of a protective object counts too.
 */
import { ChangedObject, deepEqual, isObject, K8sObject, ManifestDiff, ManifestObject } from '../compare';
import { ChangeRule, Danger, danger, describeChange, typeOf } from '../danger';

function disruptionBudget(c: ChangedObject): Danger[] {
  if (typeOf(c.after) !== 'policy/PodDisruptionBudget') return [];
  const b = c.before.object.spec ?? {};
  const a = c.after.object.spec ?? {};
  const weaker = (b.minAvailable !== undefined && a.minAvailable !== undefined && lessThan(a.minAvailable, b.minAvailable))
    || (b.maxUnavailable !== undefined && a.maxUnavailable !== undefined && lessThan(b.maxUnavailable, a.maxUnavailable))
    || (b.minAvailable !== undefined && a.minAvailable === undefined && a.maxUnavailable !== undefined)
    || (b.maxUnavailable !== undefined && a.maxUnavailable === undefined && a.minAvailable === undefined)
    || !deepEqual(b.selector, a.selector);
  if (!weaker) return [];
  const what = deepEqual(b.selector, a.selector)
    ? `minAvailable${describeChange(b.minAvailable, a.minAvailable)}; maxUnavailable${describeChange(b.maxUnavailable, a.maxUnavailable)}`
    : `spec.selector${describeChange(b.selector, a.selector)}`;
  return [danger('disruption-budget-weakened', c.after, what,
    'node drains and cluster upgrades may now evict more of these pods at once' +
    (deepEqual(b.selector, a.selector) ? '' : ', and pods the new selector no longer matches have no budget at all') +
    ': for a quorum system that can take a majority down together. Keep at most one member of a quorum unavailable.')];
}

/** "50%" vs 2 cannot be compared without the replica count: only like with like. */
function lessThan(x: unknown, y: unknown): boolean {
  const pct = (v: unknown) => (typeof v === 'string' && /^\d+%$/.test(v) ? Number(v.slice(0, -1)) : undefined);
  if (typeof x === 'number' && typeof y === 'number') return x < y;
  const px = pct(x);
  const py = pct(y);
  return px !== undefined && py !== undefined && px < py;
}

function networkPolicy(c: ChangedObject): Danger[] {
  if (typeOf(c.after) !== 'networking.k8s.io/NetworkPolicy') return [];
  const b = c.before.object.spec ?? {};
  const a = c.after.object.spec ?? {};
  const reasons: string[] = [];
  if (!deepEqual(b.podSelector, a.podSelector)) reasons.push(`spec.podSelector${describeChange(b.podSelector, a.podSelector)}: pods it no longer selects lose this policy`);
  const typesBefore: string[] = b.policyTypes ?? ['Ingress'];
  const typesAfter: string[] = a.policyTypes ?? ['Ingress'];
  for (const t of typesBefore) if (!typesAfter.includes(t)) reasons.push(`policyTypes no longer has ${t}: ${t.toLowerCase()} is no longer restricted by it`);
  for (const dir of ['ingress', 'egress'] as const) {
    const added = newRules(b[dir], a[dir]);
    if (added.length) reasons.push(`${added.length} ${dir} rule${added.length === 1 ? '' : 's'} added or widened${allowsAll(added, dir) ? ' (one allows every peer)' : ''}`);
  }
  if (reasons.length === 0) return [];
  return [danger('access-loosened', c.after, reasons.join('; '),
    'more traffic reaches (or leaves) the selected pods as soon as it applies. Make sure each new peer is meant to talk to them; prefer a rule per client.')];
}

/** Rules after that no rule before already allowed (a rule with a peer or port dropped is narrower, not new). */
function newRules(before: unknown, after: unknown): K8sObject[] {
  const was: unknown[] = Array.isArray(before) ? before : [];
  return (Array.isArray(after) ? after : []).filter((r) => !was.some((w) => narrowerOrEqual(r, w)));
}

/**
 * Whether policy fragment `a` allows no more than `b`: an object keeps every constraint of `b`
 * (more labels in a selector, more fields in a rule narrow it), a list allows the union of its
 * items (each item of `a` within one of `b`; an empty list means "any"), `not*` lists exclude
 * (`a` must exclude at least what `b` excludes).
 */
function narrowerOrEqual(a: unknown, b: unknown, key = ''): boolean {
  if (deepEqual(a, b)) return true;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (/^not[A-Z]|^except$/.test(key)) return b.every((y) => a.some((x) => deepEqual(x, y)));
    if (a.length === 0) return b.length === 0;
    return a.every((x) => b.some((y) => narrowerOrEqual(x, y)));
  }
  if (isObject(a) && isObject(b)) return Object.keys(b).every((k) => k in a && narrowerOrEqual(a[k], b[k], k));
  return false;
}

function allowsAll(rules: K8sObject[], dir: 'ingress' | 'egress'): boolean {
  const peers = dir === 'ingress' ? 'from' : 'to';
  return rules.some((r) => !Array.isArray(r[peers]) || r[peers].length === 0);
}

function authorizationPolicy(c: ChangedObject): Danger[] {
  if (typeOf(c.after) !== 'security.istio.io/AuthorizationPolicy') return [];
  const b = c.before.object.spec ?? {};
  const a = c.after.object.spec ?? {};
  const actionBefore = b.action ?? 'ALLOW';
  const actionAfter = a.action ?? 'ALLOW';
  const reasons: string[] = [];
  if (actionBefore !== actionAfter) reasons.push(`action ${actionBefore} -> ${actionAfter}`);
  if (!deepEqual(b.selector, a.selector)) reasons.push(`selector${describeChange(b.selector, a.selector)}: workloads it no longer selects lose it`);
  if (actionAfter === 'ALLOW' && actionBefore === 'ALLOW') {
    const added = newRules(b.rules, a.rules);
    if (added.length) reasons.push(`${added.length} ALLOW rule${added.length === 1 ? '' : 's'} added or widened${added.some((r) => !isObject(r) || Object.keys(r).length === 0) ? ' (an empty rule allows every request)' : ''}`);
  }
  if (actionAfter === 'DENY' && actionBefore === 'DENY' && (newRules(a.rules, b.rules).length > 0)) reasons.push('DENY rules removed or narrowed');
  if (reasons.length === 0) return [];
  return [danger('access-loosened', c.after, reasons.join('; '),
    'Istio admits requests it refused before as soon as the sidecars receive the policy (seconds). Check every new source principal and path; a workload with no ALLOW policy left admits everyone.')];
}

const MTLS_STRENGTH: Record<string, number> = { DISABLE: 0, PERMISSIVE: 1, UNSET: 1, STRICT: 2 };

function peerAuthentication(c: ChangedObject): Danger[] {
  if (typeOf(c.after) !== 'security.istio.io/PeerAuthentication') return [];
  const modes = (o: K8sObject) => {
    const out = new Map<string, string>([['*', String(o.spec?.mtls?.mode ?? 'UNSET')]]);
    for (const [port, v] of Object.entries(o.spec?.portLevelMtls ?? {})) out.set(port, String((v as K8sObject)?.mode ?? 'UNSET'));
    return out;
  };
  const before = modes(c.before.object);
  const after = modes(c.after.object);
  const weaker: string[] = [];
  for (const [port, mode] of after) {
    const was = before.get(port) ?? before.get('*')!;
    if ((MTLS_STRENGTH[mode] ?? 1) < (MTLS_STRENGTH[was] ?? 1)) weaker.push(`${port === '*' ? 'mtls.mode' : `port ${port}`} ${was} -> ${mode}`);
  }
  if (!deepEqual(c.before.object.spec?.selector, c.after.object.spec?.selector)) weaker.push('selector changed');
  if (weaker.length === 0) return [];
  return [danger('access-loosened', c.after, weaker.join('; '),
    'plaintext connections are accepted from then on: any pod (or anything that reaches the pod network) can talk to these ports without a mesh identity, and AuthorizationPolicies that match principals no longer see one. Keep STRICT; open a single port PERMISSIVE where a non-mesh client needs it.')];
}

/** Lists of an AppProject that grant (more items: more access) and that deny (fewer items: more access). */
const PROJECT_GRANTS = ['sourceRepos', 'destinations', 'clusterResourceWhitelist', 'namespaceResourceWhitelist', 'sourceNamespaces'] as const;
const PROJECT_DENIES = ['clusterResourceBlacklist', 'namespaceResourceBlacklist'] as const;

function appProject(c: ChangedObject): Danger[] {
  if (typeOf(c.after) !== 'argoproj.io/AppProject') return [];
  const b = c.before.object.spec ?? {};
  const a = c.after.object.spec ?? {};
  const reasons: string[] = [];
  for (const key of PROJECT_GRANTS) {
    const was: unknown[] = Array.isArray(b[key]) ? b[key] : [];
    const added = (Array.isArray(a[key]) ? a[key] : []).filter((x: unknown) => !was.some((y) => grantCovers(y, x)));
    if (added.length) reasons.push(`${key} + ${added.map((x: unknown) => JSON.stringify(x)).join(', ')}`);
  }
  for (const key of PROJECT_DENIES) {
    const now: unknown[] = Array.isArray(a[key]) ? a[key] : [];
    const dropped = (Array.isArray(b[key]) ? b[key] : []).filter((x: unknown) => !now.some((y) => deepEqual(x, y)));
    if (dropped.length) reasons.push(`${key} - ${dropped.map((x: unknown) => JSON.stringify(x)).join(', ')}`);
  }
  if (reasons.length === 0) return [];
  return [danger('access-loosened', c.after, reasons.join('; '),
    'every Application of this project may write where and what it could not before, from its next sync; a project that reaches Argo CD\'s own namespace, or Applications and AppProjects anywhere, is admin-equivalent. Grant the narrowest destination, kind and name that the manifests need.')];
}

/** An AppProject list item `b` grants at least what `a` does: equal fields, or "*" / a missing name in `b`. */
function grantCovers(b: unknown, a: unknown): boolean {
  if (deepEqual(a, b)) return true;
  if (typeof b === 'string') return b === '*';
  if (!isObject(a) || !isObject(b)) return false;
  return Object.entries(b).every(([k, v]) => v === '*' || deepEqual(a[k], v));
}

const PROTECTIVE: Record<string, string> = {
  'policy/PodDisruptionBudget': 'drains and upgrades may evict every pod it protected at once',
  'networking.k8s.io/NetworkPolicy': 'the pods it selected accept traffic the remaining policies do not forbid (with no policy left: from every pod in the cluster)',
  'security.istio.io/AuthorizationPolicy': 'requests it denied, or did not allow, may be admitted: a workload left with no ALLOW policy admits every request',
  'security.istio.io/PeerAuthentication': 'the mesh default mTLS mode applies again (PERMISSIVE unless the mesh sets another): plaintext is accepted',
};

/**
 * A protective object removed: what stops being enforced. Quiet when the pods it protected go
 * too (a service removed with its policies).
 */
export function removedProtections(gone: ManifestObject, diff: ManifestDiff): Danger[] {
  const effect = PROTECTIVE[typeOf(gone)];
  if (!effect) return [];
  const selector = gone.object.spec?.podSelector ?? gone.object.spec?.selector;
  const remaining = [...diff.objectsOf('after', gone.id.scope).values()].filter((o) => o.id.namespace === gone.id.namespace);
  if (!remaining.some((o) => matches(selector, podLabels(o.object)))) return [];
  const kind = typeOf(gone) === 'policy/PodDisruptionBudget' ? 'disruption-budget-weakened' : 'access-loosened';
  return [danger(kind, gone, `removed (${gone.file})`, `once it is pruned, ${effect}. Remove a protection only together with what it protects, or replace it first.`)];
}

/** Labels of the pods a workload runs (Deployment, StatefulSet, ...), or undefined for other objects. */
function podLabels(o: K8sObject): Record<string, string> | undefined {
  const labels = o.spec?.template?.metadata?.labels;
  return o.spec?.template?.spec && isObject(labels) ? labels : undefined;
}

/** Label selector semantics (matchLabels and matchLabels-only Istio selectors); no selector selects every pod. */
function matches(selector: unknown, labels: Record<string, string> | undefined): boolean {
  if (labels === undefined) return false;
  if (!isObject(selector)) return true;
  const wanted: Record<string, string> = isObject(selector.matchLabels) ? selector.matchLabels : {};
  const exprs: K8sObject[] = Array.isArray(selector.matchExpressions) ? selector.matchExpressions : [];
  return Object.entries(wanted).every(([k, v]) => labels[k] === v) && exprs.every((e) => {
    const has = e.key in labels;
    const values: string[] = e.values ?? [];
    switch (e.operator) {
      case 'In': return has && values.includes(labels[e.key]);
      case 'NotIn': return !has || !values.includes(labels[e.key]);
      case 'Exists': return has;
      case 'DoesNotExist': return !has;
      default: return false;
    }
  });
}

export const accessRules: ChangeRule[] = [disruptionBudget, networkPolicy, authorizationPolicy, peerAuthentication, appProject];
