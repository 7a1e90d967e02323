/**
 * Changes that a green diff hides: the API server will reject them, or they delete or strand
 * data. Each danger says what happens at apply time and what to do instead.
 */
import { ChangedObject, deepEqual, displayName, isObject, K8sObject, ManifestDiff, ManifestObject } from './compare';
import { Danger, danger, describeChange, typeOf } from './danger';
import { parseQuantity } from './quantity';
import { accessRules, removedProtections } from './rules/access';
import { clientRules } from './rules/clients';
import { messagingRules, strimziVolumes } from './rules/messaging';
import { protectionRules } from './rules/protection';
import { scalingDangers } from './rules/scaling';
import { versionRules } from './rules/versions';

export type { Danger, DangerRule } from './danger';

/** Kinds whose removal deletes or strands data, by "group/Kind". */
const DATA_BEARING: Record<string, string> = {
  'apps/StatefulSet': 'deleting a StatefulSet deletes its pods; its PVCs survive only when persistentVolumeClaimRetentionPolicy.whenDeleted is Retain',
  '/PersistentVolumeClaim': 'deleting the claim releases its volume, and with the usual reclaimPolicy Delete the data is gone',
  'kafka.strimzi.io/Kafka': 'Strimzi deletes the whole Kafka cluster; its volumes go too wherever the storage says deleteClaim: true',
  'kafka.strimzi.io/KafkaNodePool': 'Strimzi removes the pool\'s nodes; it refuses to remove brokers that still host partition replicas (the reconciliation fails) until they are drained, e.g. with a KafkaRebalance remove-brokers',
  'kafka.strimzi.io/KafkaTopic': 'the Topic Operator deletes the topic and every message in it from Kafka',
  'jetstream.nats.io/Stream': 'the NACK controller deletes the JetStream stream and its messages',
  '/Namespace': 'deleting a namespace deletes everything in it, PersistentVolumeClaims included',
};

const STATEFULSET_IMMUTABLE = ['selector', 'serviceName', 'volumeClaimTemplates', 'podManagementPolicy'] as const;

export function findDangers(diff: ManifestDiff): Danger[] {
  const dangers: Danger[] = [];
  const changeRules = [...accessRules, ...clientRules, ...messagingRules, ...protectionRules, ...versionRules];
  for (const c of diff.changed) {
    dangers.push(...immutableFieldChanges(c), ...partitionDecrease(c), ...volumeShrink(c));
    for (const rule of changeRules) dangers.push(...rule(c, diff));
  }
  dangers.push(...dataRemovals(diff), ...postgresSyncMembers(diff), ...scalingDangers(diff));
  for (const gone of diff.removed) dangers.push(...removedProtections(gone, diff));
  return dangers;
}

// ---------------------------------------------------------------------------------------------
// immutable fields
// ---------------------------------------------------------------------------------------------

function immutableFieldChanges(c: ChangedObject): Danger[] {
  const type = typeOf(c.after);
  const b = c.before.object;
  const a = c.after.object;
  const ns = c.id.namespace ? ` -n ${c.id.namespace}` : '';
  const out: Danger[] = [];
  if (type === 'apps/StatefulSet') {
    for (const field of STATEFULSET_IMMUTABLE) {
      if (deepEqual(b.spec?.[field], a.spec?.[field])) continue;
      const extra: Record<string, string> = {
        volumeClaimTemplates: ' Re-creating the StatefulSet does not touch the existing PVCs: only pods added later get the new template, so resize existing claims by hand (the StorageClass must allow expansion).',
        serviceName: ' After re-creation the pods get new DNS names (<pod>.<serviceName>); peers that address each other by the old names lose contact.',
        selector: ' The new selector must still match the running pods, or the re-created StatefulSet will not adopt them.',
        podManagementPolicy: '',
      };
      out.push(danger('immutable-field', c.after, `spec.${field} changed${describeChange(b.spec?.[field], a.spec?.[field])}`,
        `the API server rejects the update: StatefulSet spec.${field} is immutable (only replicas, template, updateStrategy, ` +
        `persistentVolumeClaimRetentionPolicy, ordinals and minReadySeconds may change), so the sync fails and keeps retrying. ` +
        `Delete it with \`kubectl delete statefulset ${c.id.name}${ns} --cascade=orphan\` and re-create it (sync again): ` +
        `the pods and their PVCs stay and are adopted.${extra[field]}`));
    }
  }
  if (type === 'apps/Deployment' && !deepEqual(b.spec?.selector, a.spec?.selector)) {
    out.push(danger('immutable-field', c.after, `spec.selector changed${describeChange(b.spec?.selector, a.spec?.selector)}`,
      'the API server rejects the update: a Deployment\'s spec.selector is immutable, so the sync fails. Delete the Deployment ' +
      `(\`kubectl delete deployment ${c.id.name}${ns}\`) and sync to re-create it, or give the sync the Replace=true option; ` +
      'its pods are replaced, so run a second replica set meanwhile if the service must stay up.'));
  }
  if (type === 'batch/Job' && !deepEqual(b.spec?.template, a.spec?.template) && !replacedOnSync(a)) {
    out.push(danger('immutable-field', c.after, 'spec.template changed',
      'the API server rejects the update: a Job\'s pod template is immutable, so the sync fails. Delete the Job first ' +
      `(\`kubectl delete job ${c.id.name}${ns}\`), or let ArgoCD replace it (sync option Replace=true, or run it as a hook ` +
      'with hook-delete-policy BeforeHookCreation).'));
  }
  return out;
}

/**
 * A Job Argo CD deletes and creates again instead of updating: a sync hook whose delete policies
 * include BeforeHookCreation (Argo CD's default when a hook names none), or one synced with
 * Replace=true. Its template may change freely.
 */
function replacedOnSync(job: K8sObject): boolean {
  const annotations: Record<string, string> = job.metadata?.annotations ?? {};
  const list = (key: string) => (annotations[key] ?? '').split(',').map((v) => v.trim()).filter(Boolean);
  if (list('argocd.argoproj.io/sync-options').includes('Replace=true')) return true;
  if (list('argocd.argoproj.io/hook').length === 0) return false;
  const policies = list('argocd.argoproj.io/hook-delete-policy');
  return policies.length === 0 || policies.includes('BeforeHookCreation');
}

// ---------------------------------------------------------------------------------------------
// removals and renames of data-bearing objects
// ---------------------------------------------------------------------------------------------

function dataRemovals(diff: ManifestDiff): Danger[] {
  const out: Danger[] = [];
  const candidates = diff.added.filter((o) => typeOf(o) in DATA_BEARING);
  const taken = new Set<string>();
  for (const gone of diff.removed) {
    const type = typeOf(gone);
    if (!(type in DATA_BEARING)) continue;
    const replacement = candidates.find((o) => !taken.has(o.key) && o.id.scope === gone.id.scope && typeOf(o) === type && o.id.namespace === gone.id.namespace)
      ?? candidates.find((o) => !taken.has(o.key) && o.id.scope === gone.id.scope && typeOf(o) === type);
    const fate = removalFate(gone);
    if (replacement) {
      taken.add(replacement.key);
      out.push(danger('data-renamed', gone, `renamed: removed, and ${displayName(replacement.id)} added`,
        `Kubernetes has no rename: ${displayName(replacement.id)} is created new and empty (${emptyBecause(type)}), ` +
        `while the old object ${fate} Keep the old name (stateful names must depend only on the spec's name), ` +
        'or migrate the data first and remove the old object in a separate change.'));
    } else {
      out.push(danger('data-removed', gone, `removed (${gone.file})`,
        `the object ${fate} Remove data-bearing objects in a change of their own, after the data is backed up or moved.`));
    }
  }
  return out;
}

/** What becomes of a removed data-bearing object: ArgoCD prunes it unless it is annotated Prune=false. */
function removalFate(o: ManifestObject): string {
  const type = typeOf(o);
  const options = String(o.object.metadata?.annotations?.['argocd.argoproj.io/sync-options'] ?? '');
  const detail: string[] = [DATA_BEARING[type]];
  if (type === 'apps/StatefulSet') {
    const retention = o.object.spec?.persistentVolumeClaimRetentionPolicy?.whenDeleted ?? 'Retain';
    detail.push(`(here: ${retention})`);
  }
  if (type === 'jetstream.nats.io/Stream') {
    detail.push(o.object.spec?.preventDelete === true ? '(here preventDelete: true keeps the stream in the server; only the CR goes)' : '(preventDelete is not set on it)');
  }
  const why = detail.join(' ');
  if (/Prune=false/.test(options)) {
    return `is not pruned by ArgoCD (Prune=false): it keeps running, outside Git and reported as orphaned, until someone deletes it; then ${why}.`;
  }
  return `is pruned by ArgoCD on the next sync: ${why}.`;
}

function emptyBecause(type: string): string {
  switch (type) {
    case 'apps/StatefulSet': return 'its PVCs are named after the StatefulSet, so it gets new empty volumes';
    case '/PersistentVolumeClaim': return 'a new claim binds a new empty volume';
    case 'kafka.strimzi.io/KafkaTopic': return 'a new topic with no messages';
    case 'jetstream.nats.io/Stream': return 'a new stream with no messages';
    case '/Namespace': return 'a namespace with none of the old volumes';
    default: return 'new nodes with new volumes';
  }
}

// ---------------------------------------------------------------------------------------------
// Kafka partitions, volume sizes
// ---------------------------------------------------------------------------------------------

function partitionDecrease(c: ChangedObject): Danger[] {
  if (typeOf(c.after) !== 'kafka.strimzi.io/KafkaTopic') return [];
  const b = c.before.object.spec?.partitions;
  const a = c.after.object.spec?.partitions;
  if (typeof b !== 'number' || typeof a !== 'number' || a >= b) return [];
  return [danger('partitions-decreased', c.after, `spec.partitions ${b} -> ${a}`,
    `Kafka cannot remove partitions: the Topic Operator rejects the change (the KafkaTopic turns NotReady) and the topic keeps ${b} partitions. ` +
    'To really have fewer, create a new topic and move producers and consumers to it.')];
}

function volumeShrink(c: ChangedObject): Danger[] {
  const type = typeOf(c.after);
  const b = c.before.object;
  const a = c.after.object;
  const out: Danger[] = [];
  const shrunk = (path: string, before: unknown, after: unknown, atApply: string) => {
    const x = parseQuantity(before);
    const y = parseQuantity(after);
    if (x !== undefined && y !== undefined && y < x) out.push(danger('volume-shrunk', c.after, `${path} ${before} -> ${after}`, atApply));
  };
  if (type === 'apps/StatefulSet') {
    const before = new Map<string, K8sObject>((b.spec?.volumeClaimTemplates ?? []).map((t: K8sObject) => [t.metadata?.name, t]));
    for (const t of a.spec?.volumeClaimTemplates ?? []) {
      const old = before.get(t.metadata?.name);
      if (!old) continue;
      shrunk(`spec.volumeClaimTemplates[name=${t.metadata?.name}] storage`, old.spec?.resources?.requests?.storage, t.spec?.resources?.requests?.storage,
        'a PersistentVolumeClaim can never shrink: the API server rejects the StatefulSet update (volumeClaimTemplates are immutable), ' +
        'and even after `--cascade=orphan` and re-creation the existing claims keep their size. A smaller volume means a new claim and a data migration.');
    }
  }
  if (type === '/PersistentVolumeClaim') {
    shrunk('spec.resources.requests.storage', b.spec?.resources?.requests?.storage, a.spec?.resources?.requests?.storage,
      'the API server rejects the update: a PersistentVolumeClaim can only grow.');
  }
  if (type === 'kafka.strimzi.io/KafkaNodePool' || type === 'kafka.strimzi.io/Kafka') {
    const storageOf = (o: K8sObject) => (type === 'kafka.strimzi.io/Kafka' ? o.spec?.kafka?.storage : o.spec?.storage);
    const before = strimziVolumes(storageOf(b));
    for (const [id, volume] of strimziVolumes(storageOf(a))) {
      shrunk(`storage${id === '' ? '' : ` volume ${id}`} size`, before.get(id)?.size, volume.size,
        'Kubernetes cannot shrink a persistent volume: Strimzi keeps the current size of every existing broker volume ' +
        'and reports the change as not possible; only nodes added later would get the smaller size.');
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Postgres (Patroni) members vs synchronous replication
// ---------------------------------------------------------------------------------------------

const POSTGRES_NAMES = new Set(['postgres', 'postgresql', 'patroni', 'spilo']);
const SYNC_ON = /\bsynchronous_mode\b["']?\s*[:=]\s*["']?(true|on|yes|quorum)\b/i;

function postgresSyncMembers(diff: ManifestDiff): Danger[] {
  const out: Danger[] = [];
  // only environments where a StatefulSet or a ConfigMap was added or changed can newly fall under
  const scopes = new Set<string>();
  for (const o of [...diff.added, ...diff.changed.map((c) => c.after)]) {
    if (typeOf(o) === 'apps/StatefulSet' || typeOf(o) === '/ConfigMap') scopes.add(o.id.scope);
  }
  const underSynchronous = (o: ManifestObject | undefined, side: ReadonlyMap<string, ManifestObject>) =>
    o !== undefined && replicasOf(o.object) < 2 && synchronousModeOn(o, side);
  for (const scope of [...scopes].sort()) {
    const afterSide = diff.objectsOf('after', scope);
    const beforeSide = diff.objectsOf('before', scope);
    for (const after of afterSide.values()) {
      if (typeOf(after) !== 'apps/StatefulSet' || !isPostgres(after.object)) continue;
      const before = beforeSide.get(after.key);
      if (!underSynchronous(after, afterSide) || underSynchronous(before, beforeSide)) continue;
      const was = before ? `${replicasOf(before.object)} -> ` : '';
      out.push(danger('postgres-sync-members', after, `spec.replicas ${was}${replicasOf(after.object)} while Patroni synchronous_mode is on`,
        'synchronous replication needs a replica to confirm every commit, and one member has none: Patroni either blocks writes ' +
        '(synchronous_mode_strict) or quietly falls back to asynchronous commits, and there is no standby left to fail over to. ' +
        'Keep at least 2 members, or turn synchronous mode off in the same change.'));
    }
  }
  return out;
}

function isPostgres(sts: K8sObject): boolean {
  const labelSets = [sts.metadata?.labels, sts.spec?.template?.metadata?.labels, sts.spec?.selector?.matchLabels];
  return labelSets.some((l) => isObject(l) && POSTGRES_NAMES.has(String(l['app.kubernetes.io/name'])));
}

function replicasOf(sts: K8sObject): number {
  return typeof sts.spec?.replicas === 'number' ? sts.spec.replicas : 1;
}

/**
 * Patroni's synchronous_mode can live in a ConfigMap (patroni.yml or a DCS config), in an env var
 * (SPILO_CONFIGURATION, PATRONI_*) or in the arguments: look in the StatefulSet itself and in the
 * ConfigMaps of its namespace that belong to it (same instance label, its name as prefix, or referenced).
 */
function synchronousModeOn(sts: ManifestObject, side: ReadonlyMap<string, ManifestObject>): boolean {
  const pod = sts.object.spec?.template?.spec ?? {};
  const containers: K8sObject[] = [...(pod.initContainers ?? []), ...(pod.containers ?? [])];
  for (const c of containers) {
    for (const e of c.env ?? []) {
      if (typeof e.value !== 'string') continue;
      if (SYNC_ON.test(e.value)) return true;
      if (/SYNCHRONOUS_MODE$/i.test(String(e.name)) && /^(true|on|yes|quorum)$/i.test(e.value.trim())) return true;
    }
    if ([...(c.command ?? []), ...(c.args ?? [])].some((s: unknown) => typeof s === 'string' && SYNC_ON.test(s))) return true;
  }
  const referenced = new Set<string>();
  for (const v of pod.volumes ?? []) {
    if (v.configMap?.name) referenced.add(v.configMap.name);
    for (const s of v.projected?.sources ?? []) if (s.configMap?.name) referenced.add(s.configMap.name);
  }
  for (const c of containers) {
    for (const f of c.envFrom ?? []) if (f.configMapRef?.name) referenced.add(f.configMapRef.name);
    for (const e of c.env ?? []) if (e.valueFrom?.configMapKeyRef?.name) referenced.add(e.valueFrom.configMapKeyRef.name);
  }
  const instance = sts.object.metadata?.labels?.['app.kubernetes.io/instance'];
  for (const o of side.values()) {
    if (o.id.kind !== 'ConfigMap' || o.id.group !== '' || o.id.scope !== sts.id.scope || o.id.namespace !== sts.id.namespace) continue;
    const belongs = referenced.has(o.id.name) || o.id.name.startsWith(sts.id.name)
      || (instance !== undefined && o.object.metadata?.labels?.['app.kubernetes.io/instance'] === instance);
    if (belongs && Object.values(o.object.data ?? {}).some((v) => typeof v === 'string' && SYNC_ON.test(v))) return true;
  }
  return false;
}

