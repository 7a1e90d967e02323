import { ClusterOptions, LiveCluster } from '../../live/cluster';

/**
 * Clusters created through `liveCluster` are stopped in afterAll as well as in each test's own
 * finally block: a test that times out is abandoned by jest, and its processes, namespaces and
 * folders must still go away.
 */
const open = new Set<LiveCluster>();

afterAll(async () => {
  const failures: string[] = [];
  for (const c of open) {
    await c.stop().catch((e) => failures.push((e as Error).message));
  }
  open.clear();
  if (failures.length > 0) throw new Error(failures.join('\n'));
});

export function liveCluster(options: ClusterOptions): LiveCluster {
  const c = new LiveCluster(options);
  open.add(c);
  return c;
}

/** Runs a scenario on a cluster, adds the cluster's event log to a failure, and always stops the cluster. */
export async function withCluster<T>(cluster: LiveCluster, fn: () => Promise<T>, after?: () => void): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    const err = e as Error;
    err.message = `${err.message}\n--- cluster log (last 60 events) ---\n${cluster.recentLog()}`;
    throw err;
  } finally {
    await cluster.stop();
    open.delete(cluster);
    after?.();
  }
}
