import type { Cluster, KubernetesObject } from './client';
import { ManifestObject } from './manifests';

/**
 * Argo CD resource hooks, run the way Argo CD runs them: a hook is not part of the sync waves;
 * PreSync hooks run before them, PostSync hooks once every wave is applied and healthy, Skip
 * hooks never. Before a hook is created, the one of the previous sync is deleted
 * (BeforeHookCreation, Argo CD's policy when a hook names none); HookSucceeded deletes it after
 * it succeeded.
 */
export const HOOK = 'argocd.argoproj.io/hook';
export const HOOK_DELETE_POLICY = 'argocd.argoproj.io/hook-delete-policy';

export type HookPhase = 'PreSync' | 'Sync' | 'PostSync' | 'SyncFail' | 'Skip';
const PHASES: readonly string[] = ['PreSync', 'Sync', 'PostSync', 'SyncFail', 'Skip'];

/** The phases an object is a hook of (an annotation may list several); empty for a plain object. */
export function hookPhases(object: KubernetesObject): HookPhase[] {
  const value = object.metadata?.annotations?.[HOOK];
  if (typeof value !== 'string' || !value.trim()) return [];
  const phases = value.split(',').map((p) => p.trim());
  const unknown = phases.filter((p) => !PHASES.includes(p));
  if (unknown.length) throw new Error(`${object.kind} ${object.metadata?.name}: unknown ${HOOK} ${unknown.join(', ')} (Argo CD knows ${PHASES.join(', ')})`);
  return phases as HookPhase[];
}

export function deletePolicies(object: KubernetesObject): string[] {
  const value = object.metadata?.annotations?.[HOOK_DELETE_POLICY];
  return typeof value === 'string' && value.trim() ? value.split(',').map((p) => p.trim()) : ['BeforeHookCreation'];
}

/** Deletes an object and waits until it is gone (a Job's pods first: foreground propagation). */
export async function deleteAndWait(cluster: Cluster, object: KubernetesObject, timeoutMs = 120_000): Promise<void> {
  const header = { apiVersion: object.apiVersion, kind: object.kind, metadata: { name: object.metadata!.name, namespace: object.metadata?.namespace } };
  try {
    await cluster.objects.delete(header, undefined, undefined, undefined, undefined, 'Foreground');
  } catch (err: any) {
    if (err?.code === 404) return;
    throw err;
  }
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await cluster.objects.read(header);
    } catch (err: any) {
      if (err?.code === 404) return;
      throw err;
    }
    if (Date.now() > deadline) throw new Error(`${object.kind} ${object.metadata!.name} still exists ${timeoutMs / 1000}s after its deletion`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** Splits manifests into the plain objects the waves apply and the hooks of each phase. */
export function splitHooks(manifests: ManifestObject[]): { plain: ManifestObject[]; hooks: Map<HookPhase, ManifestObject[]> } {
  const plain: ManifestObject[] = [];
  const hooks = new Map<HookPhase, ManifestObject[]>();
  for (const m of manifests) {
    const phases = hookPhases(m.object);
    if (phases.length === 0) plain.push(m);
    for (const phase of phases) hooks.set(phase, [...(hooks.get(phase) ?? []), m]);
  }
  return { plain, hooks };
}
