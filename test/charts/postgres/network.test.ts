import { find } from '../../helpers';
import { shop, synthFile } from './fixtures';

describe('network and mesh policy', () => {
  test('clients, poolers, peers and the reconcile Job reach 5432; Prometheus the exporter; only members and the reconcile Job the Patroni API', () => {
    const objects = synthFile(shop(), 'postgres');
    const clients = find(objects, 'NetworkPolicy', 'shop-db');
    expect(clients.spec.ingress[0].ports).toEqual([{ protocol: 'TCP', port: 5432 }]);
    expect(clients.spec.ingress[0].from).toEqual(expect.arrayContaining([
      { podSelector: { matchLabels: { 'app.kubernetes.io/instance': 'api' } } },
      { podSelector: { matchLabels: { 'app.kubernetes.io/name': 'pgbouncer', 'app.kubernetes.io/instance': 'shop-db' } } },
      { podSelector: { matchLabels: { 'app.kubernetes.io/name': 'postgres', 'app.kubernetes.io/instance': 'shop-db', 'app.kubernetes.io/component': 'reconcile' } } },
    ]));
    expect(clients.spec.ingress[1].ports).toEqual([{ protocol: 'TCP', port: 9187 }]);
    const api = find(objects, 'NetworkPolicy', 'shop-db-patroni-api');
    expect(api.spec.ingress).toEqual([{
      from: [
        { podSelector: { matchLabels: { 'app.kubernetes.io/name': 'postgres', 'app.kubernetes.io/instance': 'shop-db', 'app.kubernetes.io/component': 'database' } } },
        { podSelector: { matchLabels: { 'app.kubernetes.io/name': 'postgres', 'app.kubernetes.io/instance': 'shop-db', 'app.kubernetes.io/component': 'reconcile' } } },
      ],
      ports: [{ protocol: 'TCP', port: 8008 }],
    }]);
  });

  test('DestinationRules for -rw and -ro and a PERMISSIVE metrics port under STRICT mTLS', () => {
    const objects = synthFile(shop(), 'postgres');
    expect(find(objects, 'DestinationRule', 'shop-db-rw').spec.host).toBe('shop-db-rw.shop.svc.cluster.local');
    expect(find(objects, 'DestinationRule', 'shop-db-ro').spec.trafficPolicy.tls.mode).toBe('ISTIO_MUTUAL');
    expect(find(objects, 'PeerAuthentication', 'shop-db-metrics').spec.portLevelMtls).toEqual({ 9187: { mode: 'PERMISSIVE' } });
  });

  test('no mesh objects without the mesh, no port exception when the namespace is PERMISSIVE', () => {
    const off = synthFile(shop({ mesh: { enabled: false } }), 'postgres');
    expect(off.some((o) => o.apiVersion.includes('istio.io'))).toBe(false);
    const permissive = synthFile(shop({ mesh: { mtls: 'PERMISSIVE' } }), 'postgres');
    expect(permissive.some((o) => o.kind === 'PeerAuthentication')).toBe(false);
  });
});
