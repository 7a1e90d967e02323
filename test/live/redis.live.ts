import { report } from '../../live/report';
import { expectFailure, loadEnvironment, mutatedCopy } from '../../live/scenarios/common';
import { runRedisScenario } from '../../live/scenarios/redis';
import { liveCluster, withCluster } from './support';

/** Scenario 2, on deltran-mvp staging: Redis 3 data pods + 3 sentinels (quorum 2). */
const PLATFORM = 'deltran-mvp';
const ENV = 'staging';

describe(`redis + sentinel (${PLATFORM} ${ENV})`, () => {
  it('bootstraps, fails over when the master dies, never has two masters, loses no acknowledged write', async () => {
    const cluster = liveCluster({ manifests: loadEnvironment(PLATFORM, ENV, 'redis') });
    await withCluster(cluster, async () => {
      const f = await runRedisScenario(cluster, (s) => cluster.log(`scenario: ${s}`));
      report(`redis + sentinel (${PLATFORM} ${ENV})`, {
        'time to ready (s)': f.timeToReady,
        'keys written / acknowledged by all replicas': `${f.keysWritten} / ${f.keysAcknowledgedByAllReplicas}`,
        'time to failover': `${f.failoverSeconds.toFixed(1)} s (bound: down-after + failover-timeout = ${f.failoverBoundSeconds} s)`,
        'new master': f.newMaster,
        'acknowledged keys lost': f.keysLost,
        'old master back as replica after': `${f.oldMasterBackAsReplicaSeconds.toFixed(1)} s`,
        'max masters at once': `${f.maxSimultaneousMasters} (${f.roleSamples} samples)`,
      });
    });
  });

  it('fails when the generated sentinel quorum cannot be reached (proof the scenario detects a broken component)', async () => {
    const { manifests, dispose } = mutatedCopy(loadEnvironment(PLATFORM, ENV, 'redis'), {
      file: 'redis',
      from: /^(\s*sentinel monitor \S+ @MASTER_HOST@ @MASTER_PORT@ )\d+$/m,
      to: '$14',
    });
    const cluster = liveCluster({ manifests });
    await withCluster(cluster, async () => {
      const err = await expectFailure(() => runRedisScenario(cluster));
      report('redis proof: sentinel quorum 4 of 3 sentinels', { 'scenario failed with': err.message.split('\n')[0] });
      expect(err.message).toMatch(/CKQUORUM|quorum/i);
    }, dispose);
  });
});
