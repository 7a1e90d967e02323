/**
 * Safety switches on objects and Applications: ArgoCD's Prune=false/Delete=false, automated
 * prune and the cascading resources finalizer, finalizers, Pod Security and sidecar injection.
 */
import { ChangedObject } from '../compare';
import { ChangeRule, Danger, danger, syncOptions, SYNC_OPTIONS, typeOf } from '../danger';

const ARGO_RESOURCES_FINALIZER = /^resources-finalizer\.argocd\.argoproj\.io/;

function syncProtection(c: ChangedObject): Danger[] {
  const before = syncOptions(c.before.object);
  const after = syncOptions(c.after.object);
  const out: Danger[] = [];
  const lost = (['Prune', 'Delete'] as const).filter((k) => before.get(k) === 'false' && after.get(k) !== 'false');
  if (lost.length > 0) {
    const what = lost.map((k) => `${k}=false`).join(', ');
    out.push(danger('sync-protection-removed', c.after, `${SYNC_OPTIONS}: ${what} removed`,
      `${lost.includes('Prune') ? 'ArgoCD now prunes this object when it leaves Git (a rename, a component removed, a bad merge)' : ''}` +
      `${lost.length === 2 ? ', and ' : ''}${lost.includes('Delete') ? 'deleting its Application now deletes it' : ''}: for a data-bearing object that deletes the data. ` +
      'Keep both on every object that holds data.'));
  }
  return out;
}

function application(c: ChangedObject): Danger[] {
  if (typeOf(c.after) !== 'argoproj.io/Application') return [];
  const out: Danger[] = [];
  const prune = (o: ChangedObject['after']) => o.object.spec?.syncPolicy?.automated?.prune === true;
  if (prune(c.after) && !prune(c.before)) {
    out.push(danger('sync-protection-removed', c.after, 'spec.syncPolicy.automated.prune false -> true',
      'ArgoCD now deletes, on its own, every object of this Application that leaves Git; objects without Prune=false (claims created by hand, volumes of a renamed StatefulSet) go with it. Keep automated prune off for Applications that hold data.'));
  }
  const finalizers = (o: ChangedObject['after']): string[] => o.object.metadata?.finalizers ?? [];
  if (finalizers(c.after).some((f) => ARGO_RESOURCES_FINALIZER.test(f)) && !finalizers(c.before).some((f) => ARGO_RESOURCES_FINALIZER.test(f))) {
    out.push(danger('sync-protection-removed', c.after, 'metadata.finalizers: the resources finalizer added',
      'deleting this Application (or removing it from the root app) now deletes every object it manages first, cascading; only objects with Delete=false survive. Leave the finalizer off Applications that hold data.'));
  }
  return out;
}

function finalizersRemoved(c: ChangedObject): Danger[] {
  const before: string[] = c.before.object.metadata?.finalizers ?? [];
  const after: string[] = c.after.object.metadata?.finalizers ?? [];
  const gone = before.filter((f) => !after.includes(f) && !ARGO_RESOURCES_FINALIZER.test(f));
  if (gone.length === 0) return [];
  return [danger('finalizer-removed', c.after, `metadata.finalizers lost ${gone.join(', ')}`,
    'the object can now be deleted before whatever the finalizer guarded has been cleaned up or released (its controller no longer gets the chance). Remove a finalizer only once its controller is gone.')];
}

const PSS_LEVEL: Record<string, number> = { privileged: 0, baseline: 1, restricted: 2 };

function namespaceGuards(c: ChangedObject): Danger[] {
  if (typeOf(c.after) !== '/Namespace') return [];
  const lb = c.before.object.metadata?.labels ?? {};
  const la = c.after.object.metadata?.labels ?? {};
  const out: Danger[] = [];
  const key = 'pod-security.kubernetes.io/enforce';
  const was = PSS_LEVEL[lb[key] ?? 'privileged'] ?? 0;
  const now = PSS_LEVEL[la[key] ?? 'privileged'] ?? 0;
  if (now < was) {
    out.push(danger('access-loosened', c.after, `labels["${key}"] ${lb[key]} -> ${la[key] ?? '(unset)'}`,
      'the API server admits pods it refused before (root, host paths, added capabilities): a compromised or misconfigured image gets more of the node. Keep restricted; exempt a single workload instead.'));
  }
  if (lb['istio-injection'] === 'enabled' && la['istio-injection'] !== 'enabled') {
    out.push(danger('access-loosened', c.after, `labels["istio-injection"] enabled -> ${la['istio-injection'] ?? '(unset)'}`,
      'pods started from now on have no sidecar: no mTLS, no AuthorizationPolicy enforcement for them, and under STRICT mTLS their calls to meshed services are refused. Keep injection on while the mesh is on.'));
  }
  return out;
}

export const protectionRules: ChangeRule[] = [syncProtection, application, finalizersRemoved, namespaceGuards];
