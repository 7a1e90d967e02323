import { find } from '../../helpers';
import { kafkaObjects, ofKind, spec } from './fixtures';

describe('Kafka and the Istio mesh', () => {
  test('client sidecars pass Kafka TLS through to the bootstrap and broker Services', () => {
    const objects = kafkaObjects(spec());
    for (const svc of ['bootstrap', 'brokers']) {
      const dr = find(objects, 'DestinationRule', `events-kafka-${svc}`);
      expect(dr.apiVersion).toBe('networking.istio.io/v1');
      expect(dr.spec).toEqual({ host: `events-kafka-${svc}.shop.svc.cluster.local`, trafficPolicy: { tls: { mode: 'DISABLE' } } });
    }
  });

  test('no DestinationRules without the mesh', () => {
    expect(ofKind(kafkaObjects(spec({ mesh: { enabled: false } })), 'DestinationRule')).toEqual([]);
  });
});
