/** Read-only helpers over plain Kubernetes objects (as synthesized, before any API server defaults). */

// Manifests are arbitrary JSON; checks read them defensively with optional chaining.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type K8sObject = Record<string, any>;

export function namespaceOf(o: K8sObject): string {
  return typeof o.metadata?.namespace === 'string' ? o.metadata.namespace : '';
}

/** `Kind/namespace/name`, or `Kind/name` for an object without a namespace. */
export function objectId(o: K8sObject): string {
  const kind = typeof o.kind === 'string' ? o.kind : '<no kind>';
  const name = typeof o.metadata?.name === 'string' ? o.metadata.name : '<no name>';
  const ns = namespaceOf(o);
  return ns ? `${kind}/${ns}/${name}` : `${kind}/${name}`;
}

export interface PodTemplate {
  /** Path of the template in the object: `spec.template`, or '' for a bare Pod. */
  readonly path: string;
  readonly labels: Record<string, string>;
  readonly annotations: Record<string, string>;
  readonly spec: K8sObject;
}

/** Kinds whose pods are expected to keep running (so they need probes and disruption budgets). */
export const LONG_RUNNING_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet']);
const TEMPLATE_KINDS = new Set([...LONG_RUNNING_KINDS, 'Job', 'ReplicationController']);

export function podTemplate(o: K8sObject): PodTemplate | undefined {
  if (TEMPLATE_KINDS.has(o.kind)) return template(o.spec?.template, 'spec.template');
  if (o.kind === 'CronJob') return template(o.spec?.jobTemplate?.spec?.template, 'spec.jobTemplate.spec.template');
  if (o.kind === 'Pod') return template(o, '');
  return undefined;
}

function template(t: K8sObject | undefined, path: string): PodTemplate | undefined {
  if (!t || typeof t.spec !== 'object' || t.spec === null) return undefined;
  return { path, labels: t.metadata?.labels ?? {}, annotations: t.metadata?.annotations ?? {}, spec: t.spec };
}

export interface ContainerRef {
  readonly container: K8sObject;
  /** e.g. `spec.template.spec.containers[0]`. */
  readonly path: string;
  readonly init: boolean;
}

export function containersOf(t: PodTemplate): ContainerRef[] {
  const base = t.path ? `${t.path}.spec` : 'spec';
  const list = (field: 'containers' | 'initContainers', init: boolean): ContainerRef[] =>
    (Array.isArray(t.spec[field]) ? (t.spec[field] as K8sObject[]) : []).map((container, i) => ({ container, path: `${base}.${field}[${i}]`, init }));
  return [...list('initContainers', true), ...list('containers', false)];
}

/** Label selector (`matchLabels` + `matchExpressions`) semantics; an empty selector matches everything. */
export function labelSelectorMatches(selector: K8sObject | undefined | null, labels: Record<string, string>): boolean {
  if (!selector || typeof selector !== 'object') return false; // a null selector selects nothing
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) if (labels[k] !== v) return false;
  for (const e of (selector.matchExpressions ?? []) as K8sObject[]) {
    const has = Object.prototype.hasOwnProperty.call(labels, e.key);
    const values: unknown[] = Array.isArray(e.values) ? e.values : [];
    const ok = e.operator === 'In' ? has && values.includes(labels[e.key])
      : e.operator === 'NotIn' ? !has || !values.includes(labels[e.key])
        : e.operator === 'Exists' ? has
          : e.operator === 'DoesNotExist' ? !has
            : false;
    if (!ok) return false;
  }
  return true;
}

/** Service-style selector: a plain label map. */
export function mapSelectorMatches(selector: Record<string, string>, labels: Record<string, string>): boolean {
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}

export function isEmptySelector(selector: K8sObject | undefined | null): boolean {
  if (!selector || typeof selector !== 'object') return false;
  return Object.keys(selector.matchLabels ?? {}).length === 0 && (selector.matchExpressions ?? []).length === 0;
}

/** Label keys a selector constrains, whether it is a label map or a LabelSelector. */
export function selectorKeys(selector: unknown): string[] {
  if (!selector || typeof selector !== 'object' || Array.isArray(selector)) return [];
  const s = selector as K8sObject;
  if ('matchLabels' in s || 'matchExpressions' in s) {
    return [...Object.keys(s.matchLabels ?? {}), ...((s.matchExpressions ?? []) as K8sObject[]).map((e) => String(e.key))];
  }
  return Object.keys(s);
}
