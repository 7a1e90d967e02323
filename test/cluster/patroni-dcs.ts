import type { Cluster } from '../../cluster/lib/client';

/**
 * Patroni's Kubernetes DCS as the members see it: ConfigMaps `<scope>-leader`, `-sync` and
 * `-failover` (use_endpoints is off), their state in annotations.
 */
async function annotations(cluster: Cluster, namespace: string, name: string): Promise<Record<string, string> | undefined> {
  try {
    return (await cluster.core.readNamespacedConfigMap({ namespace, name })).metadata?.annotations ?? {};
  } catch (err: any) {
    if (err?.code === 404) return undefined;
    throw err;
  }
}

/**
 * The members the `/sync` key allows to be promoted. In synchronous mode Patroni promotes only
 * these on a leader's loss; right after a promotion the key names none until the new leader has
 * seen a replica confirm synchronously (one HA loop or more), and a leader lost then is not replaced.
 */
export async function synchronousStandbys(cluster: Cluster, namespace: string, scope: string): Promise<{ leader?: string; standbys: string[] }> {
  const sync = await annotations(cluster, namespace, `${scope}-sync`);
  return { leader: sync?.leader, standbys: (sync?.sync_standby ?? '').split(',').filter((s) => s) };
}

/** The leader, sync and failover keys, one line each, for a failure message. */
export async function describeDcs(cluster: Cluster, namespace: string, scope: string): Promise<string> {
  const lines: string[] = [];
  for (const key of ['leader', 'sync', 'failover']) {
    const found = await annotations(cluster, namespace, `${scope}-${key}`);
    lines.push(`DCS ${scope}-${key}: ${found ? JSON.stringify(found) : 'absent'}`);
  }
  return lines.join('\n');
}
