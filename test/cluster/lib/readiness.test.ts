import { readinessOf, waitsFor } from '../../../cluster/lib/readiness';

const deployment = (status: Record<string, unknown>, generation = 2) => ({
  apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd', generation }, spec: { replicas: 2 }, status,
});

describe('readinessOf', () => {
  test('a Deployment is ready when the controller saw the generation and every replica is updated and available', () => {
    expect(readinessOf(deployment({ observedGeneration: 2, replicas: 2, updatedReplicas: 2, availableReplicas: 2 }))).toEqual({ ready: true });
    expect(readinessOf(deployment({ observedGeneration: 1, replicas: 2, updatedReplicas: 2, availableReplicas: 2 })).ready).toBe(false);
    expect(readinessOf(deployment({ observedGeneration: 2, replicas: 3, updatedReplicas: 2, availableReplicas: 2 }))).toMatchObject({ ready: false, reason: '1 old replicas pending termination' });
    expect(readinessOf(deployment({ observedGeneration: 2, replicas: 2, updatedReplicas: 2, availableReplicas: 1 }))).toMatchObject({ ready: false, reason: '1/2 replicas available' });
  });

  test('a StatefulSet waits for its rolling update to finish', () => {
    const sts = (status: Record<string, unknown>) => ({ apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 's', generation: 1 }, spec: { replicas: 3 }, status: { observedGeneration: 1, ...status } });
    expect(readinessOf(sts({ readyReplicas: 3, updatedReplicas: 3, currentRevision: 'a', updateRevision: 'a' }))).toEqual({ ready: true });
    expect(readinessOf(sts({ readyReplicas: 3, updatedReplicas: 3, currentRevision: 'a', updateRevision: 'b' }))).toMatchObject({ ready: false, reason: 'rolling update in progress' });
    expect(readinessOf(sts({ readyReplicas: 2, updatedReplicas: 3 }))).toMatchObject({ ready: false, reason: '2/3 replicas ready' });
  });

  test('a failed Job is reported as failed, not as waiting', () => {
    const job = { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j' }, status: { conditions: [{ type: 'Failed', status: 'True', message: 'BackoffLimitExceeded' }] } };
    expect(readinessOf(job)).toEqual({ ready: false, failed: true, reason: 'failed: BackoffLimitExceeded' });
  });

  test('custom resources follow their Ready condition', () => {
    const stream = (status: string) => ({ apiVersion: 'jetstream.nats.io/v1beta2', kind: 'Stream', metadata: { name: 's' }, status: { conditions: [{ type: 'Ready', status, message: 'm' }] } });
    expect(readinessOf(stream('True'))).toEqual({ ready: true });
    expect(readinessOf(stream('False'))).toMatchObject({ ready: false, reason: 'Ready=False: m' });
  });
});

describe('waitsFor', () => {
  test('workloads and Jobs always; custom resources only where their operator runs', () => {
    const none = new Set<string>();
    expect(waitsFor({ apiVersion: 'apps/v1', kind: 'StatefulSet' }, none)).toBe(true);
    expect(waitsFor({ apiVersion: 'batch/v1', kind: 'Job' }, none)).toBe(true);
    expect(waitsFor({ apiVersion: 'v1', kind: 'Service' }, none)).toBe(false);
    expect(waitsFor({ apiVersion: 'kafka.strimzi.io/v1', kind: 'Kafka' }, none)).toBe(false);
    expect(waitsFor({ apiVersion: 'kafka.strimzi.io/v1', kind: 'Kafka' }, new Set(['kafka.strimzi.io']))).toBe(true);
  });

  test("NACK's Account is never waited for: NACK gives it no status; its Streams are", () => {
    const nack = new Set(['jetstream.nats.io']);
    expect(waitsFor({ apiVersion: 'jetstream.nats.io/v1beta2', kind: 'Account' }, nack)).toBe(false);
    expect(waitsFor({ apiVersion: 'jetstream.nats.io/v1beta2', kind: 'Stream' }, nack)).toBe(true);
  });
});
