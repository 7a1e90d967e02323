/**
 * What a danger is, and the small helpers every danger rule shares. A rule reads one diff and
 * returns the changes that hurt at apply time: data lost, a protection weakened, clients broken.
 */
import { ChangedObject, displayName, isObject, K8sObject, ManifestDiff, ManifestObject } from './compare';

export type DangerRule =
  // the API server or the operator refuses the change
  | 'immutable-field'
  | 'partitions-decreased'
  | 'volume-shrunk'
  // data deleted or stranded
  | 'data-removed'
  | 'data-renamed'
  | 'claims-deleted-on-scale-down'
  | 'claim-retention-weakened'
  | 'retention-shortened'
  | 'storage-class-changed'
  | 'data-version-changed'
  // redundancy or durability reduced
  | 'postgres-sync-members'
  | 'replicas-reduced'
  | 'durability-reduced'
  // protections weakened
  | 'disruption-budget-weakened'
  | 'access-loosened'
  | 'sync-protection-removed'
  | 'finalizer-removed'
  // clients broken
  | 'client-breaking'
  | 'secret-reference-changed';

export interface Danger {
  readonly rule: DangerRule;
  /** Key of the object concerned (for a rename: the removed one). */
  readonly key: string;
  readonly scope: string;
  /** `apps/StatefulSet deltran/deltran-db` */
  readonly object: string;
  /** What changed, in one line. */
  readonly summary: string;
  /** What happens when ArgoCD (or kubectl) applies it, and how to proceed. */
  readonly atApply: string;
}

/** A rule over one changed object. */
export type ChangeRule = (c: ChangedObject, diff: ManifestDiff) => Danger[];

/** "group/Kind", e.g. "apps/StatefulSet", "/Service". */
export function typeOf(o: ManifestObject): string {
  return `${o.id.group}/${o.id.kind}`;
}

export function danger(rule: DangerRule, o: ManifestObject, summary: string, atApply: string): Danger {
  return { rule, key: o.key, scope: o.id.scope, object: displayName(o.id), summary, atApply };
}

export function describeChange(before: unknown, after: unknown): string {
  const text = `${compact(before)} -> ${compact(after)}`;
  return text.length <= 160 ? `: ${text}` : '';
}

export function compact(v: unknown): string {
  return v === undefined ? '(unset)' : JSON.stringify(v);
}

export const SYNC_OPTIONS = 'argocd.argoproj.io/sync-options';

/** The ArgoCD sync options of one object, e.g. {"Prune": "false", "Delete": "false"}. */
export function syncOptions(o: K8sObject): Map<string, string> {
  const raw = String(o.metadata?.annotations?.[SYNC_OPTIONS] ?? '');
  return new Map(raw.split(',').map((s) => s.trim()).filter(Boolean).map((s) => {
    const eq = s.indexOf('=');
    return eq < 0 ? [s, ''] : [s.slice(0, eq), s.slice(eq + 1)];
  }));
}

/** ` -n <namespace>` for kubectl commands, empty for cluster-scoped objects. */
export function nsFlag(o: ManifestObject): string {
  return o.id.namespace ? ` -n ${o.id.namespace}` : '';
}

export function numberOr(v: unknown, fallback: number): number {
  return typeof v === 'number' ? v : typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : fallback;
}

/** Labels that name the system a workload runs, for messages (postgres, redis, nats, ...). */
export function systemOf(o: K8sObject): { name: string; component: string } {
  const labels = isObject(o.metadata?.labels) ? o.metadata.labels : {};
  return { name: String(labels['app.kubernetes.io/name'] ?? ''), component: String(labels['app.kubernetes.io/component'] ?? '') };
}
