/**
 * Fewer members of a system that keeps copies of data or votes on a leader, and what the claim
 * retention policy does to the members removed.
 */
import { deepEqual, ManifestDiff, ManifestObject } from '../compare';
import { Danger, danger, numberOr, systemOf, typeOf } from '../danger';

export function scalingDangers(diff: ManifestDiff): Danger[] {
  const out: Danger[] = [];
  for (const c of diff.changed) {
    const type = typeOf(c.after);
    if (type === 'apps/StatefulSet') out.push(...statefulSetScaling(c.before, c.after));
    if (type === 'kafka.strimzi.io/KafkaNodePool') out.push(...nodePoolScaling(c.before, c.after, diff));
  }
  return out;
}

/** A StatefulSet holds data when it claims volumes per pod. */
function holdsData(o: ManifestObject): boolean {
  return (o.object.spec?.volumeClaimTemplates ?? []).length > 0;
}

function statefulSetScaling(before: ManifestObject, after: ManifestObject): Danger[] {
  const out: Danger[] = [];
  const was = numberOr(before.object.spec?.replicas, 1);
  const now = numberOr(after.object.spec?.replicas, 1);
  const retention = after.object.spec?.persistentVolumeClaimRetentionPolicy ?? {};
  const retentionBefore = before.object.spec?.persistentVolumeClaimRetentionPolicy ?? {};
  if (holdsData(after)) {
    for (const when of ['whenDeleted', 'whenScaled'] as const) {
      if ((retention[when] ?? 'Retain') === 'Delete' && (retentionBefore[when] ?? 'Retain') !== 'Delete') {
        out.push(danger('claim-retention-weakened', after, `spec.persistentVolumeClaimRetentionPolicy.${when} ${retentionBefore[when] ?? 'Retain'} -> Delete`,
          when === 'whenDeleted'
            ? 'from now on deleting the StatefulSet (a prune, an Application deleted with cascade, a `kubectl delete`) deletes every PersistentVolumeClaim it created, and with the usual reclaimPolicy Delete the data with it. Keep Retain on data-bearing StatefulSets.'
            : 'from now on every scale-down deletes the claims of the pods it removes, and with them their data; scaling back up starts those members empty. Keep Retain on data-bearing StatefulSets.'));
      }
    }
  }
  if (now >= was || !holdsData(after)) return out;
  const removed = was - now;
  if ((retention.whenScaled ?? 'Retain') === 'Delete') {
    out.push(danger('claims-deleted-on-scale-down', after, `spec.replicas ${was} -> ${now} with persistentVolumeClaimRetentionPolicy.whenScaled Delete`,
      `the StatefulSet controller deletes the ${removed} highest-numbered pod${removed === 1 ? '' : 's'} and then their PersistentVolumeClaims: ` +
      'their data is gone (reclaimPolicy Delete) and a later scale-up starts them empty. Scale down with whenScaled Retain in a change of its own, ' +
      'and switch the retention policy separately once the members are gone and their data is no longer needed.'));
  }
  // Patroni elects its leader through the Kubernetes API, not by a vote of the members: fewer
  // Postgres members lose no quorum, and the one case that hurts (synchronous mode with a single
  // member) is the postgres-sync-members rule
  if (systemOf(after.object).name === 'postgres') return out;
  const { name, component } = systemOf(after.object);
  // Redis data pods replicate from one master; the sentinels are the voters
  const tail = name === 'redis' && component !== 'sentinel'
    ? `${now} cop${now === 1 ? 'y' : 'ies'} of the data remain instead of ${was}.`
    : faultTolerance(was, now);
  out.push(danger('replicas-reduced', after, `spec.replicas ${was} -> ${now}`, `${membersRemoved(after, was, now)} ${tail}`));
  return out;
}

/** Each system's own consequence of losing members, by its app.kubernetes.io labels. */
function membersRemoved(o: ManifestObject, was: number, now: number): string {
  const { name, component } = systemOf(o.object);
  const pods = `the StatefulSet deletes pods ${now}..${was - 1}`;
  if (now === 0) return `${pods}: every member stops, clients get no service until it is scaled up again.`;
  if (name === 'redis' && component === 'sentinel') {
    return `${pods}: the remaining sentinels still count the removed ones (SENTINEL RESET each remaining sentinel) and the quorum must stay at most the sentinels left, or no failover can ever be authorised.`;
  }
  if (name === 'redis') return `${pods}: those replicas stop; if a removed pod is the current master, Sentinel fails over first and writes in flight are lost.`;
  if (name === 'nats') {
    return `${pods}: JetStream keeps the removed servers as peers of its meta group and of every stream until they are removed with \`nats server raft peer-remove\`, and streams with more replicas than servers left stop accepting writes.`;
  }
  return `${pods}: their data stays only on their claims.`;
}

/** Members that may fail while a majority still agrees: floor((n-1)/2). */
function faultTolerance(was: number, now: number): string {
  const tolerates = (n: number) => Math.max(0, Math.floor((n - 1) / 2));
  if (tolerates(now) >= tolerates(was)) return `A quorum of ${now} still tolerates ${tolerates(now)} failure${tolerates(now) === 1 ? '' : 's'}. Check that the replication settings (replicas per stream or topic, min-replicas) still fit.`;
  return `A quorum of ${was} tolerated ${tolerates(was)} failed member${tolerates(was) === 1 ? '' : 's'}, ${now} tolerate${now === 1 ? 's' : ''} ${tolerates(now)}. Scale down one member at a time, after moving what the removed members hold.`;
}

function nodePoolScaling(before: ManifestObject, after: ManifestObject, diff: ManifestDiff): Danger[] {
  const was = numberOr(before.object.spec?.replicas, 0);
  const now = numberOr(after.object.spec?.replicas, 0);
  if (now >= was) return [];
  const roles: string[] = after.object.spec?.roles ?? [];
  const parts: string[] = [];
  if (roles.includes('broker')) {
    parts.push('Strimzi refuses to remove brokers that still host partition replicas (the reconciliation fails and the pool keeps its size) ' +
      'until they are emptied, e.g. with a KafkaRebalance in mode remove-brokers (Cruise Control).');
    const cluster = after.object.metadata?.labels?.['strimzi.io/cluster'];
    const brokersLeft = brokersAfter(diff, after, cluster);
    const widest = maxTopicReplicas(diff, after, cluster);
    if (widest > brokersLeft) parts.push(`Topics with replicas ${widest} cannot be placed on ${brokersLeft} broker${brokersLeft === 1 ? '' : 's'}: lower their replication first.`);
  }
  if (roles.includes('controller')) {
    parts.push(`The KRaft controller quorum shrinks from ${was} to ${now} voters: Strimzi changes the voters only with a dynamic quorum, and a majority of the configured voters must stay up throughout. Remove one controller at a time.`);
  }
  return [danger('replicas-reduced', after, `spec.replicas ${was} -> ${now} (roles ${roles.join(', ') || 'none'})`, parts.join(' '))];
}

function brokersAfter(diff: ManifestDiff, pool: ManifestObject, cluster: unknown): number {
  let total = 0;
  for (const o of diff.objectsOf('after', pool.id.scope).values()) {
    if (typeOf(o) !== 'kafka.strimzi.io/KafkaNodePool' || o.object.metadata?.labels?.['strimzi.io/cluster'] !== cluster) continue;
    if ((o.object.spec?.roles ?? []).includes('broker')) total += numberOr(o.object.spec?.replicas, 0);
  }
  return total;
}

function maxTopicReplicas(diff: ManifestDiff, pool: ManifestObject, cluster: unknown): number {
  let widest = 0;
  for (const o of diff.objectsOf('after', pool.id.scope).values()) {
    if (typeOf(o) === 'kafka.strimzi.io/KafkaTopic' && deepEqual(o.object.metadata?.labels?.['strimzi.io/cluster'], cluster)) {
      widest = Math.max(widest, numberOr(o.object.spec?.replicas, 0));
    }
  }
  return widest;
}
