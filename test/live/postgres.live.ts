import { PatroniEtcdMapping } from '../../live/patroni';
import { report } from '../../live/report';
import { expectFailure, loadEnvironment, mutatedCopy } from '../../live/scenarios/common';
import { initSqlFixture, postgresLayout, runPostgresScenario } from '../../live/scenarios/postgres';
import { Manifests } from '../../live/manifests';
import { LiveCluster } from '../../live/cluster';
import { liveCluster, withCluster } from './support';

/** Scenario 1, on deltran-core prod: 3 Patroni members with synchronous replication, PgBouncer in front. */
const PLATFORM = 'deltran-core';
const ENV = 'prod';

function clusterFor(manifests: Manifests): { cluster: LiveCluster; dcs: PatroniEtcdMapping } {
  const layout = postgresLayout(manifests);
  const dcs = new PatroniEtcdMapping();
  const cluster = liveCluster({
    manifests,
    mappings: [dcs],
    externalConfigMaps: layout.initSqlConfigMap ? { [layout.initSqlConfigMap]: initSqlFixture(layout.app.role) } : {},
  });
  return { cluster, dcs };
}

describe(`postgres + patroni + pgbouncer (${PLATFORM} ${ENV})`, () => {
  it('bootstraps 3 members with slots, writes through PgBouncer, fails over without losing a committed row, rejoins the old primary', async () => {
    const { cluster, dcs } = clusterFor(loadEnvironment(PLATFORM, ENV, 'postgres'));
    await withCluster(cluster, async () => {
      const f = await runPostgresScenario(cluster, dcs, (s) => cluster.log(`scenario: ${s}`));
      report(`postgres + patroni + pgbouncer (${PLATFORM} ${ENV})`, {
        'time to ready (s)': f.timeToReady,
        'pgbouncer time to ready (s)': f.poolerTimeToReady,
        'first leader': f.leader,
        'pg_stat_replication (name, state, sync)': f.replication.map((r) => r.join(' ')).join('; '),
        'pg_replication_slots (name, type, active)': f.slots.map((r) => r.join(' ')).join('; '),
        'synchronous mode': f.synchronous,
        'rows committed before the kill': f.rowsCommittedBeforeKill,
        'rows committed in total': f.rowsCommittedTotal,
        'committed rows lost': f.rowsLost,
        'time to failover (promotion)': `${f.promotionSeconds.toFixed(1)} s, new leader ${f.promoted}`,
        'writes through PgBouncer resumed after': `${f.writesResumedSeconds.toFixed(1)} s${f.syncRepWaitSeen ? ' (commits waited for the new synchronous standby: wait_event SyncRep)' : ''}`,
        'slots on the new leader after the rejoin': f.slotsAfter.map((r) => r.join(' ')).join('; '),
        'old primary streaming again after': `${f.rejoinSeconds.toFixed(1)} s (pg_rewind ${f.pgRewindRan ? 'ran' : 'not needed'})`,
        'patroni.yml keys mapped to etcd': [...new Set(dcs.rewritten)].join(', '),
      });
    });
  });

  it('fails when replication connections are rejected by pg_hba (proof the scenario detects a broken component)', async () => {
    const { manifests, dispose } = mutatedCopy(loadEnvironment(PLATFORM, ENV, 'postgres'), {
      file: 'postgres',
      from: /(host replication \S+ \S+) scram-sha-256/g,
      to: '$1 reject',
    });
    const { cluster, dcs } = clusterFor(manifests);
    await withCluster(cluster, async () => {
      const err = await expectFailure(() => runPostgresScenario(cluster, dcs));
      report('postgres proof: pg_hba rejects replication', { 'scenario failed with': err.message.split('\n')[0] });
      expect(err.message).toMatch(/pg_hba\.conf rejects replication connection/);
    }, dispose);
  });
});
