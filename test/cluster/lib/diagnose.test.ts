import { describePods } from '../../../cluster/lib/diagnose';

const pod = (name: string, status: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, uid: name, ...extra }, status });
const warning = (reason: string, message: string, at: string, count = 1) =>
  ({ apiVersion: 'v1', kind: 'Event', type: 'Warning', reason, message, count, lastTimestamp: at });

describe('describePods', () => {
  test('an unschedulable pod says why the scheduler refused it', () => {
    const pending = pod('nats-0', {
      phase: 'Pending',
      conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: '0/1 nodes are available: 1 Insufficient memory.' }],
    });
    expect(describePods([{ pod: pending, events: [] }]))
      .toBe('pod nats-0: Pending, unscheduled (Unschedulable: 0/1 nodes are available: 1 Insufficient memory.)');
  });

  test('containers: waiting reasons, running but not ready, restarts with how the last run ended', () => {
    const running = pod('nats-0', {
      phase: 'Running',
      initContainerStatuses: [{ name: 'init', ready: true, restartCount: 0, state: { terminated: { reason: 'Completed', exitCode: 0 } } }],
      containerStatuses: [
        { name: 'nats', ready: false, restartCount: 2, state: { running: {} }, lastState: { terminated: { reason: 'OOMKilled', exitCode: 137 } } },
        { name: 'metrics', ready: false, restartCount: 0, state: { waiting: { reason: 'CreateContainerConfigError', message: 'secret "x" not found' } } },
        { name: 'istio-proxy', ready: true, restartCount: 0, state: { running: {} } },
      ],
    });
    expect(describePods([{ pod: running, events: [] }])).toBe('pod nats-0: Running, init terminated Completed (exit 0), '
      + 'nats running, not ready, 2 restarts, last OOMKilled (exit 137), metrics waiting CreateContainerConfigError: secret "x" not found');
  });

  test('the latest Warning events, oldest first; Normal events are left out', () => {
    const events = [
      warning('FailedMount', 'old', '2026-01-01T00:00:01Z'),
      warning('Unhealthy', 'Readiness probe failed: HTTP probe failed with statuscode: 503', '2026-01-01T00:00:05Z', 12),
      { ...warning('Pulled', 'image present', '2026-01-01T00:00:06Z'), type: 'Normal' },
      warning('BackOff', 'Back-off restarting failed container', '2026-01-01T00:00:04Z'),
      warning('FailedMount', 'MountVolume.SetUp failed', '2026-01-01T00:00:03Z'),
    ];
    expect(describePods([{ pod: pod('p', { phase: 'Running' }, { deletionTimestamp: '2026-01-01T00:00:07Z' }), events }]))
      .toBe('pod p: Running, terminating [FailedMount: MountVolume.SetUp failed | BackOff: Back-off restarting failed container | '
        + 'Unhealthy x12: Readiness probe failed: HTTP probe failed with statuscode: 503]');
  });

  test('a workload without pods says so', () => {
    expect(describePods([])).toBe('no pods');
  });
});
