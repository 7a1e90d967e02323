import { Cluster, KubernetesObject, describe } from './client';
import { whyPodsNotReady } from './diagnose';
import { deleteAndWait, deletePolicies, HookPhase, splitHooks } from './hooks';
import { ManifestObject, apiGroup, byWave } from './manifests';
import { Readiness, readinessOf, waitsFor } from './readiness';
import { randomSecret, referencedSecrets } from './secrets';

export interface SyncOptions {
  /** The field manager that owns what the sync writes. */
  readonly fieldManager: string;
  /** API groups whose operator runs in the cluster: their resources are waited for until Ready. @default none */
  readonly operatorGroups?: ReadonlySet<string>;
  /** How long one wave may take to become ready. @default 10 minutes */
  readonly waveTimeoutMs?: number;
  /** Progress lines. @default nothing is printed */
  readonly log?: (line: string) => void;
}

/** What a sync did, for the report. */
export interface SyncReport {
  readonly applied: number;
  readonly secretsCreated: string[];
  readonly waves: Array<{ wave: number; objects: number; waitedFor: number; seconds: number }>;
  /** Hooks run, in order: `PostSync Job/x 12.3 s`. */
  readonly hooks: string[];
  readonly leftOut: string[];
}

/**
 * Brings one synthesized environment into the cluster the way Argo CD syncs it: namespaces first,
 * the Secrets the manifests reference but do not define (random values: a test cluster only),
 * then each sync wave in order with server-side apply, waiting after each wave until its
 * workloads have rolled out, its Jobs completed and, where an operator runs, its custom
 * resources report Ready. Hooks run as Argo CD runs them (./hooks.ts): PreSync before the
 * waves, PostSync once they are all healthy. Argo CD's own objects are left out: this plays its part.
 */
export async function syncEnvironment(cluster: Cluster, manifests: ManifestObject[], options: SyncOptions): Promise<SyncReport> {
  const log = options.log ?? (() => undefined);
  const operatorGroups = options.operatorGroups ?? new Set<string>();
  const argo = manifests.filter((m) => apiGroup(m.object.apiVersion) === 'argoproj.io');
  const objects = manifests.filter((m) => apiGroup(m.object.apiVersion) !== 'argoproj.io');
  const leftOut = argo.length ? [`${argo.length} Argo CD objects (the waves are applied directly)`] : [];

  const namespaces = objects.filter((m) => m.object.kind === 'Namespace');
  for (const { object } of namespaces) await cluster.apply(object, { fieldManager: options.fieldManager });

  const secretsCreated: string[] = [];
  for (const ref of referencedSecrets(objects.map((m) => m.object))) {
    if (ref.type === 'tls') {
      leftOut.push(`TLS Secret ${ref.namespace}/${ref.name} (no ingress gateway runs in the test cluster)`);
      continue;
    }
    if (await exists(cluster, { apiVersion: 'v1', kind: 'Secret', metadata: { name: ref.name, namespace: ref.namespace } })) continue;
    await cluster.apply(randomSecret(ref), { fieldManager: options.fieldManager });
    secretsCreated.push(`${ref.namespace}/${ref.name}`);
  }
  if (secretsCreated.length) log(`created ${secretsCreated.length} referenced Secrets with random values`);

  const { plain, hooks } = splitHooks(objects.filter((m) => m.object.kind !== 'Namespace'));
  const hooksRun: string[] = [];
  const runHooks = async (phase: HookPhase) => {
    for (const [, members] of byWave(hooks.get(phase) ?? [])) {
      for (const { object } of members) {
        const started = Date.now();
        const policies = deletePolicies(object);
        if (policies.includes('BeforeHookCreation')) await deleteAndWait(cluster, object);
        await cluster.apply(object, { fieldManager: options.fieldManager });
        await waitUntilReady(cluster, waitsFor(object, operatorGroups) ? [object] : [], options.waveTimeoutMs ?? 10 * 60_000);
        if (policies.includes('HookSucceeded')) await deleteAndWait(cluster, object);
        hooksRun.push(`${phase} ${describe(object)} ${((Date.now() - started) / 1000).toFixed(1)} s`);
        log(`${phase} hook ${describe(object)} done`);
      }
    }
  };
  await runHooks('PreSync');
  const waves: SyncReport['waves'] = [];
  let applied = namespaces.length;
  for (const [wave, members] of byWave([...plain, ...(hooks.get('Sync') ?? [])])) {
    const started = Date.now();
    for (const { object } of members) {
      await cluster.apply(object, { fieldManager: options.fieldManager });
      applied++;
    }
    const awaited = members.filter((m) => waitsFor(m.object, operatorGroups)).map((m) => m.object);
    log(`wave ${wave}: applied ${members.length} objects from ${[...new Set(members.map((m) => m.file))].join(', ')}; waiting for ${awaited.length}`);
    await waitUntilReady(cluster, awaited, options.waveTimeoutMs ?? 10 * 60_000);
    const seconds = (Date.now() - started) / 1000;
    if (awaited.length) log(`wave ${wave}: ready after ${seconds.toFixed(1)} s`);
    waves.push({ wave, objects: members.length, waitedFor: awaited.length, seconds });
  }
  await runHooks('PostSync');
  const skipped = [...hooks.get('Skip') ?? [], ...hooks.get('SyncFail') ?? []];
  if (skipped.length) leftOut.push(`${skipped.length} Skip/SyncFail hooks (never applied by a sync that succeeds)`);
  return { applied: applied + hooksRun.length, secretsCreated, waves, hooks: hooksRun, leftOut };
}

/** Polls every object until each is ready; fails with the laggards' reasons at the deadline. */
export async function waitUntilReady(cluster: Cluster, objects: KubernetesObject[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let pending = objects;
  for (;;) {
    const states: Array<[KubernetesObject, Readiness, KubernetesObject]> = [];
    for (const object of pending) {
      const live = await cluster.objects.read(header(object)) as KubernetesObject;
      states.push([object, readinessOf(live), live]);
    }
    // the reasons, with what the workloads' pods say (scheduling, container states, Warning events)
    const explain = async (laggards: typeof states) => (await Promise.all(laggards.map(async ([o, r, live]) => {
      const pods = await whyPodsNotReady(cluster, live);
      return `${describe(o)}: ${r.ready ? '' : r.reason}${pods ? ` (${pods})` : ''}`;
    }))).join('; ');
    const failed = states.filter(([, r]) => !r.ready && r.failed);
    if (failed.length) throw new Error(`failed: ${await explain(failed)}`);
    pending = states.filter(([, r]) => !r.ready).map(([o]) => o);
    if (pending.length === 0) return;
    if (Date.now() > deadline) throw new Error(`not ready after ${timeoutMs / 1000}s: ${await explain(states.filter(([, r]) => !r.ready))}`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}

/** apiVersion, kind, name and namespace: what a read needs. */
export function header(object: KubernetesObject): { apiVersion: string; kind: string; metadata: { name: string; namespace?: string } } {
  return { apiVersion: object.apiVersion, kind: object.kind, metadata: { name: object.metadata!.name, namespace: object.metadata?.namespace } };
}

export async function exists(cluster: Cluster, object: KubernetesObject): Promise<boolean> {
  try {
    await cluster.objects.read(header(object));
    return true;
  } catch (err: any) {
    if (err?.code === 404) return false;
    throw err;
  }
}

