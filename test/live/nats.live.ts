import { report } from '../../live/report';
import { expectFailure, loadEnvironment, mutatedCopy } from '../../live/scenarios/common';
import { runNatsScenario } from '../../live/scenarios/nats';
import { liveCluster, withCluster } from './support';

/** Scenario 3, on deltran-mvp staging: 3 NATS servers, eight R3 streams. */
const PLATFORM = 'deltran-mvp';
const ENV = 'staging';

describe(`nats jetstream (${PLATFORM} ${ENV})`, () => {
  it('forms a cluster with a meta leader, creates the declared streams, keeps an R3 stream readable and writable with a server down', async () => {
    const cluster = liveCluster({ manifests: loadEnvironment(PLATFORM, ENV, 'nats') });
    await withCluster(cluster, async () => {
      const f = await runNatsScenario(cluster, (s) => cluster.log(`scenario: ${s}`));
      report(`nats jetstream (${PLATFORM} ${ENV})`, {
        'time to ready (s)': f.timeToReady,
        'meta leader': f.metaLeader,
        'streams created': f.streamsCreated.join(', '),
        'stream under test': f.testedStream,
        'server stopped (stream leader)': `${f.stoppedServer}, lame-duck stop took ${f.stopSeconds.toFixed(1)} s`,
        'new stream leader after': `${f.newStreamLeaderSeconds.toFixed(1)} s from the stop request`,
        'messages acked before / while down': `${f.publishedBefore} / ${f.publishedWhileDown}`,
        'messages lost': f.messagesLost,
        'stopped server current again after': `${f.rejoinSeconds.toFixed(1)} s`,
      });
    });
  });

  it('fails when the routes point at a wrong port (proof the scenario detects a broken component)', async () => {
    const { manifests, dispose } = mutatedCopy(loadEnvironment(PLATFORM, ENV, 'nats'), {
      file: 'nats',
      from: /(svc\.cluster\.local):6222"/g,
      to: '$1:6223"',
    });
    const cluster = liveCluster({ manifests });
    await withCluster(cluster, async () => {
      const err = await expectFailure(() => runNatsScenario(cluster));
      report('nats proof: routes to port 6223', { 'scenario failed with': err.message.split('\n')[0] });
      expect(err.message).toMatch(/meta leader/);
    }, dispose);
  });
});
