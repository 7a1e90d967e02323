import type { KubernetesObject } from '../../cluster/lib/client';
import type { ManifestObject } from '../../cluster/lib/manifests';
import { query, PgTarget, Writer } from './clients/postgres';
import { testCluster } from './kube';
import { deleteNamespaces } from './platform-checks';
import { find, podsOf, rolloutRestart, secretValue, sleep, syncComponents, waitFor } from './pods';
import { appRole } from './postgres-app';

/**
 * A planned operation on Postgres with a writer attached through PgBouncer: a rolling restart of
 * the member StatefulSet (wallet staging: 3 members, synchronous like prod, 2 PgBouncer pods; prod archives WAL with WAL-G, which cannot be built here). The leader's
 * preStop switches over to a replica with the pools paused, so no commit fails (the writer's
 * transactions take 50 ms each, so a stop that cuts them off fails some); the figures are
 * the failed commits, the longest gap between two acknowledgements and the leaders seen.
 */
const cluster = testCluster();
const figures: string[] = [];
afterAll(() => console.log(`Postgres planned operations on the real cluster:\n${figures.join('\n')}`));

const ns = 'wallet';
const labelsOf = (o: KubernetesObject): Record<string, string> => o.spec.selector.matchLabels;
const envRef = (container: any, name: string) => container.env.find((e: any) => e.name === name)?.valueFrom?.secretKeyRef;

interface RollingResult {
  readonly failures: number;
  readonly gapSeconds: number;
  readonly lost: number;
  readonly committed: number;
  readonly leaders: string[];
  readonly seconds: number;
  readonly errors: string[];
}

async function rollingRestartUnderWrites(label: string, mutate?: (objects: ManifestObject[]) => void): Promise<RollingResult> {
  const objects = await syncComponents(cluster, 'wallet', 'staging', ['postgres.k8s.yaml', 'pgbouncer.k8s.yaml'], mutate);
  const sts = find(objects, (o) => o.kind === 'StatefulSet' && o.spec.template.spec.containers[0].command?.[0] === 'patroni', 'Patroni StatefulSet');
  const pooler = find(objects, (o) => o.kind === 'Service' && /pooler$/.test(o.metadata!.name), 'PgBouncer -rw Service');
  const superRef = envRef(sts.spec.template.spec.containers[0], 'PATRONI_SUPERUSER_PASSWORD');
  const superuser = await secretValue(cluster, ns, superRef.name, superRef.key);
  const admin = (ip: string, database = 'postgres'): PgTarget => ({ host: ip, port: 5432, user: 'postgres', password: superuser, database });
  const leader = async () => (await podsOf(cluster, ns, labelsOf(sts))).find((p) => p.labels.role === 'master' && p.ready);
  const first = await waitFor('a ready leader', leader, 180_000);
  await waitFor('every replica streaming', async () => (await query(admin(first.ip), 'SELECT 1 FROM pg_stat_replication')).length === sts.spec.replicas - 1, 180_000);

  const app = appRole(sts, objects);
  const appPassword = await secretValue(cluster, ns, app.secret, app.key);
  await query(admin(first.ip, app.database), `CREATE TABLE IF NOT EXISTS rolling_writes (id bigint PRIMARY KEY, at timestamptz DEFAULT now()); ALTER TABLE rolling_writes OWNER TO "${app.role}"; TRUNCATE rolling_writes`);
  const poolerIp = (await cluster.core.readNamespacedService({ namespace: ns, name: pooler.metadata!.name })).spec!.clusterIP!;
  // transactions of 50 ms: a stop that does not wait for them fails some
  const writer = new Writer({ host: poolerIp, port: pooler.spec.ports[0].port, user: app.role, password: appPassword, database: app.database }, 'rolling_writes', 50);
  // the leaders seen while the members roll (labelled and ready), sampled every 100 ms, with the time each appeared
  const leaders: string[] = [first.name];
  const leaderSince: number[] = [Date.now()];
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      const l = await leader().catch(() => undefined);
      if (l && leaders[leaders.length - 1] !== l.name) {
        leaders.push(l.name);
        leaderSince.push(Date.now());
      }
      await sleep(100);
    }
  })();
  writer.start();
  try {
    await writer.waitForCommits(200, 60_000);
    writer.resetGap();
    const failuresBefore = writer.failures;
    const seconds = await rolloutRestart(cluster, ns, sts, 15 * 60_000);
    await writer.waitForCommits(100, 120_000);
    await writer.stop();
    const failures = writer.failures - failuresBefore;
    const now = await waitFor('a ready leader', leader, 60_000);
    const present = new Set((await query(admin(now.ip, app.database), 'SELECT id FROM rolling_writes', 30_000)).map((r) => Number(r[0])));
    const lost = [...writer.committed].filter((id) => !present.has(id)).length;
    const result = { failures, gapSeconds: writer.longestGapMs / 1000, lost, committed: writer.committed.size, leaders, seconds, errors: writer.errors.slice(-3) };
    // where the longest gap sits against the leader changes: seconds from its start to each new leader being labelled and ready
    const gapStart = writer.longestGapEndedAt - writer.longestGapMs;
    const during = leaderSince.slice(1).map((t, i) => ({ name: leaders[i + 1], at: (t - gapStart) / 1000 })).filter((c) => c.at >= -1 && c.at <= result.gapSeconds + 1);
    figures.push(`postgres  wallet/staging  rolling restart of ${sts.metadata!.name} (${label}): ${seconds.toFixed(0)} s; leaders ${leaders.join(' -> ')}; ` +
      `longest write gap ${result.gapSeconds.toFixed(2)} s${during.map((c) => ` (${c.name} leader ${c.at.toFixed(2)} s into it)`).join('')}; ` +
      `${failures} failed commits; ${lost} of ${result.committed} acknowledged writes lost` +
      `${failures ? `; last errors: ${result.errors.join(' | ')}` : ''}`);
    return result;
  } finally {
    sampling = false;
    await sampler;
    await writer.stop().catch(() => undefined);
  }
}

/** A rolling restart of the Postgres members under writes through PgBouncer (wallet staging). */
export function postgresPlannedScenario(): void {
  describe('Postgres: a rolling restart of the members under writes through PgBouncer (wallet staging)', () => {
    beforeAll(() => deleteNamespaces(cluster, [ns]), 300_000);
    afterAll(() => deleteNamespaces(cluster, [ns]), 300_000);

    test('the leader switches over with the pools paused: no failed commit, no lost write', async () => {
      const r = await rollingRestartUnderWrites('preStop switchover, pools paused');
      expect({ failures: r.failures, lost: r.lost }).toEqual({ failures: 0, lost: 0 });
      // the leader changed hands by switchover, not by a lost lock
      expect(r.leaders.length).toBeGreaterThan(1);
    }, 25 * 60_000);
  });
}
