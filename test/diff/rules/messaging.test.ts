import { kafkaTopic, nodePool, stream } from '../fixtures';
import { dangersBetween, edited, lines } from './helpers';

describe('KafkaTopic', () => {
  test('unclean leader election switched on, topicName changed, min.insync equal to replicas', () => {
    const after = edited(kafkaTopic(), (o) => {
      o.spec.topicName = 'orders-v2';
      o.spec.config['unclean.leader.election.enable'] = true;
      o.spec.config['min.insync.replicas'] = 3;
    });
    expect(lines(dangersBetween([kafkaTopic()], [after]))).toEqual([
      'immutable-field: spec.topicName: (unset) -> "orders-v2"',
      'client-breaking: config min.insync.replicas 3 with replicas 3',
      'durability-reduced: config unclean.leader.election.enable -> true',
    ]);
  });

  test('retention set to -1 (unlimited) or raised is quiet; lowered from unlimited is not', () => {
    const retention = (ms: number) => edited(kafkaTopic(), (o) => { o.spec.config['retention.ms'] = ms; });
    expect(dangersBetween([retention(604800000)], [retention(-1)])).toEqual([]);
    expect(lines(dangersBetween([retention(-1)], [retention(604800000)]))).toEqual(['retention-shortened: config retention.ms -1 -> 604800000']);
  });
});

describe('NATS Stream', () => {
  test('retention policy, name, preventDelete', () => {
    const after = edited(stream(), (o) => { o.spec.retention = 'interest'; o.spec.name = 'ORDERS2'; o.spec.preventDelete = false; });
    const ds = dangersBetween([stream()], [after]);
    expect(lines(ds)).toEqual([
      'data-renamed: spec.name: "ORDERS" -> "ORDERS2"',
      'retention-shortened: spec.retention limits -> interest',
      'sync-protection-removed: spec.preventDelete true -> false',
    ]);
    expect(ds[1].atApply).toMatch(/every consumer has acknowledged them/);
  });

  test('a limit set where there was none deletes what is beyond it; a Go duration compared by value', () => {
    const aged = (maxAge?: string) => edited(stream(), (o) => { if (maxAge) o.spec.maxAge = maxAge; });
    expect(lines(dangersBetween([aged()], [aged('720h')]))).toEqual(['retention-shortened: spec.maxAge (unset) -> 720h']);
    expect(dangersBetween([aged('24h')], [aged('1440m')])).toEqual([]);
    expect(dangersBetween([aged('24h')], [aged('48h')])).toEqual([]);
  });
});

describe('Strimzi storage', () => {
  test('deleteClaim switched on and a volume class changed', () => {
    const after = edited(nodePool(), (o) => { o.spec.storage.volumes[0].deleteClaim = true; o.spec.storage.volumes[0].class = 'fast'; });
    expect(lines(dangersBetween([nodePool()], [after]))).toEqual([
      'claim-retention-weakened: storage volume 0 deleteClaim false -> true',
      'storage-class-changed: storage volume 0 class: (unset) -> "fast"',
    ]);
  });
});

describe('NATS Stream message size', () => {
  test('a lower maxMsgSize breaks producers rather than deleting data', () => {
    const sized = (n: number) => edited(stream(), (o) => { o.spec.maxMsgSize = n; });
    expect(lines(dangersBetween([sized(1048576)], [sized(65536)]))).toEqual(['client-breaking: spec.maxMsgSize 1048576 -> 65536']);
  });
});
