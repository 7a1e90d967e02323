import type { Cluster, KubernetesObject } from '../cluster/lib/client';
import { CheckResult, decide } from './checks';
import { gatherFacts, Get } from './facts';
import { requirementsOf } from './requirements';

/** Every preflight check of one environment's objects against a cluster. Reads only; writes nothing. */
export async function preflight(cluster: Cluster, objects: readonly KubernetesObject[]): Promise<CheckResult[]> {
  const req = requirementsOf(objects);
  return decide(req, await gatherFacts(jsonGetter(cluster), req));
}

/** GET as JSON; a 404 is "not there" (undefined), any other failure is an error. */
export function jsonGetter(cluster: Cluster): Get {
  return async (path) => {
    try {
      return JSON.parse(await cluster.sendText('GET', path));
    } catch (err) {
      if (/HTTP 404\b/.test(String((err as Error).message))) return undefined;
      throw err;
    }
  };
}
