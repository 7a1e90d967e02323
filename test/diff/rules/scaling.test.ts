import { nodePool, statefulSet } from '../fixtures';
import { dangersBetween, edited, lines } from './helpers';

const system = (name: string, component: string, replicas: number) => edited(statefulSet(`x-${component}`, { replicas }), (o) => {
  o.metadata.labels = { 'app.kubernetes.io/name': name, 'app.kubernetes.io/component': component };
});

describe('replicas of data-bearing StatefulSets', () => {
  test('Redis sentinels 5 -> 3: the remaining sentinels must be reset', () => {
    const [d] = dangersBetween([system('redis', 'sentinel', 5)], [system('redis', 'sentinel', 3)]);
    expect(d).toMatchObject({ rule: 'replicas-reduced', summary: 'spec.replicas 5 -> 3' });
    expect(d.atApply).toMatch(/SENTINEL RESET.*A quorum of 5 tolerated 2 failed members, 3 tolerate 1/);
  });

  test('scaling to zero stops every member; scaling up is quiet', () => {
    expect(dangersBetween([system('nats', 'server', 3)], [system('nats', 'server', 0)])[0].atApply).toMatch(/every member stops/);
    expect(dangersBetween([system('nats', 'server', 3)], [system('nats', 'server', 5)])).toEqual([]);
  });

  test('Postgres members are not a voting quorum: fewer members alone stay quiet (see postgres-sync-members)', () => {
    expect(dangersBetween([system('postgres', 'database', 3)], [system('postgres', 'database', 2)])).toEqual([]);
  });

  test('whenScaled Delete with a scale-down deletes the claims, also for Postgres', () => {
    const deleting = (replicas: number) => edited(system('postgres', 'database', replicas), (o) => {
      o.spec.persistentVolumeClaimRetentionPolicy = { whenDeleted: 'Retain', whenScaled: 'Delete' };
    });
    expect(lines(dangersBetween([deleting(3)], [deleting(2)]))).toEqual(['claims-deleted-on-scale-down: spec.replicas 3 -> 2 with persistentVolumeClaimRetentionPolicy.whenScaled Delete']);
  });
});

describe('KafkaNodePool', () => {
  test('a broker pool scaled down; a pool scaled up is quiet', () => {
    const pool = (replicas: number) => edited(nodePool(), (o) => { o.spec.replicas = replicas; });
    expect(lines(dangersBetween([pool(3)], [pool(2)]))).toEqual(['replicas-reduced: spec.replicas 3 -> 2 (roles broker)']);
    expect(dangersBetween([pool(3)], [pool(4)])).toEqual([]);
  });
});

describe('Redis data pods', () => {
  test('copies of the data, not a quorum', () => {
    const [d] = dangersBetween([system('redis', 'server', 3)], [system('redis', 'server', 2)]);
    expect(d.atApply).toMatch(/Sentinel fails over first.* 2 copies of the data remain instead of 3\.$/);
  });
});
