import { find } from '../../helpers';
import { serviceObjects, SHOP } from './fixtures';

const selectorOf = (svc: string) => ({ 'app.kubernetes.io/name': svc, 'app.kubernetes.io/instance': svc, 'app.kubernetes.io/component': 'service' });
const tcp = (...ports: number[]) => ports.map((port) => ({ protocol: 'TCP', port }));
const PROMETHEUS = { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } };
const GATEWAY = {
  namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'istio-system' } },
  podSelector: { matchLabels: { istio: 'ingressgateway' } },
};

describe('service NetworkPolicy', () => {
  test('declared callers on every port, the gateway on routed ports, Prometheus on the metrics port', () => {
    const np = find(serviceObjects(SHOP, 'api'), 'NetworkPolicy', 'api');
    expect(np.spec).toEqual({
      podSelector: { matchLabels: selectorOf('api') },
      policyTypes: ['Ingress'],
      ingress: [
        { from: [{ podSelector: { matchLabels: selectorOf('legacy') } }, { podSelector: { matchLabels: selectorOf('web') } }], ports: tcp(8080, 9090) },
        { from: [GATEWAY], ports: tcp(8080) },
        { from: [PROMETHEUS], ports: tcp(8080) },
      ],
    });
  });

  test('only declared callers for an unrouted, unscraped service', () => {
    const np = find(serviceObjects(SHOP, 'rates'), 'NetworkPolicy', 'rates');
    expect(np.spec.ingress).toEqual([{ from: [{ podSelector: { matchLabels: selectorOf('api') } }], ports: tcp(50051) }]);
  });

  test('Prometheus namespace and gateway selector come from the spec', () => {
    const spec = { ...SHOP, monitoring: { prometheusNamespace: 'observability' }, edge: { ...SHOP.edge!, gatewaySelector: { app: 'public-gw' }, gatewayNamespace: 'gw' } };
    const np = find(serviceObjects(spec, 'web'), 'NetworkPolicy', 'web');
    expect(np.spec.ingress).toEqual([
      { from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'gw' } }, podSelector: { matchLabels: { app: 'public-gw' } } }], ports: tcp(3000) },
      { from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'observability' } } }], ports: tcp(3000) },
    ]);
  });

  test('a TCP-only service nobody calls accepts nothing', () => {
    const np = find(serviceObjects(SHOP, 'legacy'), 'NetworkPolicy', 'legacy');
    expect(np.spec.ingress ?? []).toEqual([]);
    expect(np.spec.policyTypes).toEqual(['Ingress']);
  });
});
