import { find } from '../../helpers';
import { PATRONI_RUNTIME_SUFFIXES } from '../../../charts/postgres/settings';
import { shop, synthFile } from './fixtures';

const objects = () => synthFile(shop(), 'postgres');
const stable = { 'app.kubernetes.io/name': 'postgres', 'app.kubernetes.io/instance': 'shop-db', 'app.kubernetes.io/component': 'database' };

describe('Services', () => {
  test('headless Service declares every peer port with a protocol name and publishes unready pods', () => {
    const svc = find(objects(), 'Service', 'shop-db');
    expect(svc.spec.clusterIP).toBe('None');
    expect(svc.spec.publishNotReadyAddresses).toBe(true);
    expect(svc.spec.selector).toEqual(stable);
    expect(svc.spec.ports.map((p: any) => [p.name, p.port])).toEqual([['tcp-postgresql', 5432], ['tcp-patroni', 8008], ['http-metrics', 9187]]);
  });

  test('-rw selects the primary and -ro the replicas by the role label Patroni maintains', () => {
    const rw = find(objects(), 'Service', 'shop-db-rw');
    const ro = find(objects(), 'Service', 'shop-db-ro');
    expect(rw.spec.selector).toEqual({ ...stable, role: 'master' });
    expect(ro.spec.selector).toEqual({ ...stable, role: 'replica' });
    for (const svc of [rw, ro]) {
      expect(svc.spec.ports).toEqual([{ name: 'tcp-postgresql', port: 5432, protocol: 'TCP', targetPort: 5432 }]);
      expect(svc.metadata.annotations['platform.io/runtime-selector-labels']).toBe('role');
    }
  });

  test('no object takes a name Patroni creates at run time', () => {
    const runtime = PATRONI_RUNTIME_SUFFIXES.map((s) => `shop-db-${s}`);
    const all = [...objects(), ...synthFile(shop(), 'pgbouncer')];
    expect(all.filter((o) => runtime.includes(o.metadata.name))).toEqual([]);
    // nothing of ours carries the labels Patroni's DCS lists (and `patronictl remove` deletes)
    expect(all.filter((o) => o.metadata.labels?.application === 'patroni')).toEqual([]);
  });

  test('PodDisruptionBudget keeps all members but one', () => {
    const pdb = find(objects(), 'PodDisruptionBudget', 'shop-db');
    expect(pdb.spec).toEqual({ maxUnavailable: 1, selector: { matchLabels: stable } });
    expect(synthFile(shop({ postgres: { members: 1, synchronous: false } }), 'postgres').some((o) => o.kind === 'PodDisruptionBudget')).toBe(false);
  });
});
