import { find, synthShipped } from '../../helpers';
import { natsObjects } from './fixtures';

describe('NATS network and mesh policy', () => {
  const prod = () => synthShipped('deltran-mvp', 'prod').get('nats')!;

  test('callers that talk to nats reach 4222; Prometheus 7777 and 8222', () => {
    const policy = find(prod(), 'NetworkPolicy', 'deltran-events');
    const [clients, prometheus] = policy.spec.ingress;
    expect(clients.ports).toEqual([{ protocol: 'TCP', port: 4222 }]);
    const callers = clients.from.map((f: any) => f.podSelector.matchLabels['app.kubernetes.io/instance']);
    expect(callers).toEqual(expect.arrayContaining(['gateway', 'clearing-engine', 'settlement-engine', 'notification-engine', 'reporting-engine']));
    expect(prometheus).toEqual({
      from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }],
      ports: [{ protocol: 'TCP', port: 7777 }, { protocol: 'TCP', port: 8222 }],
    });
  });

  test('only the servers reach the route port; NACK reaches the client port', () => {
    const peers = find(prod(), 'NetworkPolicy', 'deltran-events-peers');
    expect(peers.spec.ingress).toEqual([
      { from: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'nats', 'app.kubernetes.io/instance': 'deltran-events', 'app.kubernetes.io/component': 'server' } } }], ports: [{ protocol: 'TCP', port: 6222 }] },
      { from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'nack' } } }], ports: [{ protocol: 'TCP', port: 4222 }] },
    ]);
  });

  test('mesh on: TCP DestinationRule and a plain-text metrics port; mesh off: neither', () => {
    expect(find(prod(), 'DestinationRule', 'deltran-events').spec.host).toBe('deltran-events.deltran.svc.cluster.local');
    expect(find(prod(), 'PeerAuthentication', 'deltran-events-metrics').spec.portLevelMtls).toEqual({ 7777: { mode: 'PERMISSIVE' } });
    const sts = find(prod(), 'StatefulSet', 'deltran-events');
    // the sidecar drains longer than NATS' lame duck (10 s grace + 30 s), inside the 60 s grace period
    const proxy = JSON.parse(sts.spec.template.metadata.annotations['proxy.istio.io/config']);
    expect(proxy).toEqual({ holdApplicationUntilProxyStarts: true, terminationDrainDuration: '45s' });
    expect(sts.spec.template.spec.terminationGracePeriodSeconds).toBeGreaterThan(45);
    const off = natsObjects({}, { mesh: { enabled: false } });
    expect(off.some((o) => o.kind === 'DestinationRule' || o.kind === 'PeerAuthentication')).toBe(false);
  });
});
