import { syncEnvironment } from '../../cluster/lib/apply';
import { Cluster, KubernetesObject, labelSelector } from '../../cluster/lib/client';
import { fitRequests, nodeCapacity } from '../../cluster/lib/fit';
import { ManifestObject, readEnvironment } from '../../cluster/lib/manifests';
import { DIST, FIELD_MANAGER, NODE_SHARE } from './kube';

/** A running pod as the scenarios see it. */
export interface LivePod {
  readonly name: string;
  readonly ip: string;
  readonly ready: boolean;
  readonly labels: Record<string, string>;
  readonly uid: string;
}

/** Syncs the given component files of one environment (with the namespace), requests fitted to the lane's share of the node. */
export async function syncComponents(cluster: Cluster, platform: string, env: string, files: string[],
  mutate: (objects: ManifestObject[]) => void = () => undefined): Promise<ManifestObject[]> {
  const manifests = readEnvironment(`${DIST}/${platform}/${env}`).filter((m) => m.file === 'namespace.k8s.yaml' || files.includes(m.file));
  return syncManifests(cluster, manifests, mutate);
}

/** Syncs manifests (hooks included, as Argo CD runs them), requests fitted to the lane's share of the node. */
export async function syncManifests(cluster: Cluster, manifests: ManifestObject[],
  mutate: (objects: ManifestObject[]) => void = () => undefined): Promise<ManifestObject[]> {
  const fit = fitRequests(manifests.map((m) => m.object), await nodeCapacity(cluster), NODE_SHARE);
  const objects = manifests.map((m, i) => ({ file: m.file, object: fit.objects[i] }));
  mutate(objects);
  await syncEnvironment(cluster, objects, { fieldManager: FIELD_MANAGER, waveTimeoutMs: 8 * 60_000 });
  return objects;
}


export async function podsOf(cluster: Cluster, namespace: string, matchLabels: Record<string, string>): Promise<LivePod[]> {
  const pods = await cluster.core.listNamespacedPod({ namespace, labelSelector: labelSelector(matchLabels) });
  return pods.items.filter((p) => !p.metadata?.deletionTimestamp).map((p) => ({
    name: p.metadata!.name!,
    ip: p.status?.podIP ?? '',
    ready: (p.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True'),
    labels: p.metadata?.labels ?? {},
    uid: p.metadata!.uid!,
  })).sort((a, b) => a.name.localeCompare(b.name));
}

/** Deletes a pod; grace 0 skips its preStop hook and kills it at once, as a node failure would. */
export async function deletePod(cluster: Cluster, namespace: string, name: string, graceSeconds?: number): Promise<void> {
  await cluster.core.deleteNamespacedPod({ namespace, name, gracePeriodSeconds: graceSeconds });
}

export async function secretValue(cluster: Cluster, namespace: string, name: string, key: string): Promise<string> {
  const secret = await cluster.core.readNamespacedSecret({ namespace, name });
  const value = secret.data?.[key];
  if (value === undefined) throw new Error(`Secret ${namespace}/${name} has no key ${key}`);
  return Buffer.from(value, 'base64').toString('utf8');
}

/**
 * Polls until the condition yields a value; fails with what was awaited and, when given, what
 * `explain` finds at that moment (logs, states), since the cluster is gone when the run is read.
 */
export async function waitFor<T>(what: string, condition: () => Promise<T | undefined | false>, timeoutMs: number, intervalMs = 250,
  explain?: () => Promise<string>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError = '';
  for (;;) {
    try {
      const value = await condition();
      if (value !== undefined && value !== false) return value;
    } catch (err) {
      lastError = err instanceof Error ? err.message : String(err);
    }
    if (Date.now() > deadline) {
      const found = explain ? await explain().catch((err) => `(nothing more: ${err instanceof Error ? err.message : String(err)})`) : '';
      throw new Error(`timed out after ${timeoutMs / 1000}s waiting for ${what}${lastError ? ` (last error: ${lastError})` : ''}${found ? `\n${found}` : ''}`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

export function find(objects: ManifestObject[], predicate: (o: KubernetesObject) => boolean, what: string): KubernetesObject {
  const hit = objects.find((m) => predicate(m.object));
  if (!hit) throw new Error(`no ${what} in the synced manifests`);
  return hit.object;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Restarts every pod of a StatefulSet the way `kubectl rollout restart` does, waits for the rollout; returns its seconds. */
export async function rolloutRestart(cluster: Cluster, namespace: string, sts: KubernetesObject, timeoutMs: number): Promise<number> {
  const started = Date.now();
  await cluster.apply({
    apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: sts.metadata!.name, namespace },
    spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': new Date().toISOString() } } } },
  }, { fieldManager: `${FIELD_MANAGER}-restart` });
  await waitFor(`${sts.metadata!.name} rolled out`, async () => {
    const live: any = await cluster.objects.read({ apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: sts.metadata!.name, namespace } });
    const s = live.status ?? {};
    return s.observedGeneration >= live.metadata.generation && s.updateRevision === s.currentRevision
      && s.updatedReplicas === live.spec.replicas && s.readyReplicas === live.spec.replicas;
  }, timeoutMs, 1000);
  return (Date.now() - started) / 1000;
}

/** The last lines each pod's container logged, one block per pod, for a failure message. */
export async function recentLogs(cluster: Cluster, namespace: string, pods: string[], container: string, lines = 40): Promise<string> {
  const blocks = await Promise.all(pods.map(async (name) => {
    try {
      const text = String(await cluster.core.readNamespacedPodLog({ namespace, name, container, tailLines: lines, timestamps: true }));
      return `--- ${name}/${container}, last ${lines} lines:\n${text.trimEnd()}`;
    } catch (err) {
      return `--- ${name}/${container}: no log (${err instanceof Error ? err.message : String(err)})`;
    }
  }));
  return blocks.join('\n');
}
