import { Cluster, KubernetesObject, labelSelector } from './client';

/** A pod and the Warning events about it, as the API server returns them. */
export interface PodWithEvents {
  readonly pod: KubernetesObject;
  readonly events: KubernetesObject[];
}

const WORKLOADS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'Job']);
/** Warning events kept per pod: the latest few say why; older ones repeat them. */
const EVENTS_PER_POD = 3;

/**
 * Why a workload's pods are not ready, one clause per pod: what `kubectl describe pod` would show
 * first (unschedulable, waiting containers and their reasons, restarts and how the last run ended,
 * failing probes). A timeout that only said "0/1 replicas ready" could not be diagnosed after the
 * cluster was gone.
 */
export function describePods(pods: PodWithEvents[]): string {
  if (pods.length === 0) return 'no pods';
  return pods.map(({ pod, events }) => `pod ${pod.metadata?.name}: ${podState(pod)}${eventSummary(events)}`).join('; ');
}

function podState(pod: KubernetesObject): string {
  const status = pod.status ?? {};
  const parts: string[] = [status.phase ?? 'no phase'];
  if (pod.metadata?.deletionTimestamp) parts.push('terminating');
  const scheduled = (status.conditions ?? []).find((c: any) => c.type === 'PodScheduled');
  if (scheduled?.status === 'False') parts.push(`unscheduled (${scheduled.reason ?? ''}: ${scheduled.message ?? ''})`);
  const containers = [...(status.initContainerStatuses ?? []), ...(status.containerStatuses ?? [])];
  for (const c of containers) {
    const notes: string[] = [];
    if (c.state?.waiting) notes.push(`waiting ${c.state.waiting.reason ?? ''}${c.state.waiting.message ? `: ${c.state.waiting.message}` : ''}`);
    if (c.state?.terminated) notes.push(`terminated ${c.state.terminated.reason ?? ''} (exit ${c.state.terminated.exitCode})`);
    if (c.state?.running && !c.ready) notes.push('running, not ready');
    if (c.restartCount) {
      const last = c.lastState?.terminated;
      notes.push(`${c.restartCount} restarts${last ? `, last ${last.reason ?? ''} (exit ${last.exitCode})` : ''}`);
    }
    if (notes.length) parts.push(`${c.name} ${notes.join(', ')}`);
  }
  return parts.join(', ');
}

function eventSummary(events: KubernetesObject[]): string {
  const warnings = events
    .filter((e) => e.type === 'Warning')
    .sort((a, b) => eventTime(a) - eventTime(b))
    .slice(-EVENTS_PER_POD);
  if (warnings.length === 0) return '';
  return ` [${warnings.map((e) => `${e.reason}${e.count > 1 ? ` x${e.count}` : ''}: ${String(e.message ?? '').trim()}`).join(' | ')}]`;
}

function eventTime(event: KubernetesObject): number {
  const at = event.lastTimestamp ?? event.eventTime ?? event.firstTimestamp ?? event.metadata?.creationTimestamp;
  return at ? new Date(at).getTime() : 0;
}

/** The pods of a workload (by its selector) and their Warning events; undefined for other kinds. */
export async function workloadPods(cluster: Cluster, live: KubernetesObject): Promise<PodWithEvents[] | undefined> {
  const matchLabels: Record<string, string> | undefined = live.spec?.selector?.matchLabels;
  const namespace = live.metadata?.namespace;
  if (!WORKLOADS.has(live.kind) || !matchLabels || !namespace) return undefined;
  const pods = await cluster.core.listNamespacedPod({ namespace, labelSelector: labelSelector(matchLabels) });
  const events = await cluster.core.listNamespacedEvent({ namespace, fieldSelector: 'involvedObject.kind=Pod' });
  return pods.items.map((pod) => ({
    pod: pod as unknown as KubernetesObject,
    events: events.items.filter((e) => e.involvedObject?.uid === pod.metadata?.uid) as unknown as KubernetesObject[],
  }));
}

/** describePods for a workload, or '' for other kinds; never throws (it only adds to an error). */
export async function whyPodsNotReady(cluster: Cluster, live: KubernetesObject): Promise<string> {
  try {
    const pods = await workloadPods(cluster, live);
    return pods ? describePods(pods) : '';
  } catch (err) {
    return `pods not listed: ${(err as Error).message}`;
  }
}
