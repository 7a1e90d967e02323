import { parseQuantity } from '../../diff/quantity';
import type { Cluster, KubernetesObject } from './client';

/** What a node offers to pods: CPU in cores, memory in bytes. */
export interface NodeCapacity {
  readonly cpu: number;
  readonly memory: number;
}

/** The first node's allocatable CPU and memory: what `fitRequests` fits into on a one-node cluster. */
export async function nodeCapacity(cluster: Cluster): Promise<NodeCapacity> {
  const allocatable = (await cluster.core.listNode()).items[0].status!.allocatable!;
  return { cpu: parseQuantity(allocatable.cpu) ?? 0, memory: parseQuantity(allocatable.memory) ?? 0 };
}

export interface FitResult {
  readonly objects: KubernetesObject[];
  /** The factor every CPU and memory request was multiplied by (1: unchanged). */
  readonly cpuFactor: number;
  readonly memoryFactor: number;
  readonly requested: NodeCapacity;
  /** Objects whose required anti-affinity on hostname became preferred (one node hosts every replica). */
  readonly relaxedAntiAffinity: string[];
}

/** The pod templates of an object, with how many pods each stands for. */
function templates(object: KubernetesObject): Array<{ spec: any; pods: number }> {
  switch (object.kind) {
    case 'Deployment':
    case 'StatefulSet':
      return [{ spec: object.spec?.template?.spec, pods: object.spec?.replicas ?? 1 }];
    case 'Job':
      return [{ spec: object.spec?.template?.spec, pods: 1 }];
    case 'CronJob':
      return [{ spec: object.spec?.jobTemplate?.spec?.template?.spec, pods: 1 }];
    default:
      return [];
  }
}

function containersOf(spec: any): any[] {
  return [...(spec?.initContainers ?? []), ...(spec?.containers ?? [])];
}

/**
 * Production environments ask for more CPU and memory than one test node has (prod platforms
 * request 7-9 cores and 40-48 GiB). To bring them up on one node, every CPU and memory request is
 * scaled by one factor per resource so that all pods fit in `share` of the node; limits, replica
 * counts and everything else stay as synthesized. Requests only decide scheduling, so what runs
 * is the production configuration. Likewise a required anti-affinity on the hostname (replicas
 * on separate nodes) becomes preferred, with the same terms, or the second replica would never
 * be scheduled on the one node.
 */
export function fitRequests(objects: KubernetesObject[], node: NodeCapacity, share = 0.8): FitResult {
  const copy: KubernetesObject[] = JSON.parse(JSON.stringify(objects));
  let cpu = 0;
  let memory = 0;
  for (const object of copy) {
    for (const { spec, pods } of templates(object)) {
      for (const c of containersOf(spec)) {
        cpu += pods * (parseQuantity(c.resources?.requests?.cpu) ?? 0);
        memory += pods * (parseQuantity(c.resources?.requests?.memory) ?? 0);
      }
    }
  }
  const cpuFactor = Math.min(1, (share * node.cpu) / (cpu || 1));
  const memoryFactor = Math.min(1, (share * node.memory) / (memory || 1));
  for (const object of copy) {
    for (const { spec } of templates(object)) {
      for (const c of containersOf(spec)) {
        const requests = c.resources?.requests;
        if (!requests) continue;
        if (requests.cpu !== undefined && cpuFactor < 1) {
          requests.cpu = `${Math.max(1, Math.floor((parseQuantity(requests.cpu) ?? 0) * cpuFactor * 1000))}m`;
        }
        if (requests.memory !== undefined && memoryFactor < 1) {
          requests.memory = `${Math.max(1, Math.floor(((parseQuantity(requests.memory) ?? 0) * memoryFactor) / 2 ** 20))}Mi`;
        }
      }
    }
  }
  const relaxedAntiAffinity: string[] = [];
  for (const object of copy) {
    for (const { spec } of templates(object)) {
      const anti = spec?.affinity?.podAntiAffinity;
      const required: any[] = anti?.requiredDuringSchedulingIgnoredDuringExecution ?? [];
      const onHostname = required.filter((t) => t.topologyKey === 'kubernetes.io/hostname');
      if (onHostname.length === 0) continue;
      anti.requiredDuringSchedulingIgnoredDuringExecution = required.filter((t) => !onHostname.includes(t));
      if (anti.requiredDuringSchedulingIgnoredDuringExecution.length === 0) delete anti.requiredDuringSchedulingIgnoredDuringExecution;
      anti.preferredDuringSchedulingIgnoredDuringExecution = [
        ...(anti.preferredDuringSchedulingIgnoredDuringExecution ?? []),
        ...onHostname.map((podAffinityTerm) => ({ weight: 100, podAffinityTerm })),
      ];
      relaxedAntiAffinity.push(`${object.kind} ${object.metadata?.namespace}/${object.metadata?.name}`);
    }
  }
  return { objects: copy, cpuFactor, memoryFactor, requested: { cpu, memory }, relaxedAntiAffinity };
}
