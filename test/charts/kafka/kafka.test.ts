import { kafkaComponent } from '../../../charts/kafka';
import { synthSpec } from '../../helpers';
import { kafkaObjects, spec } from './fixtures';

describe('kafka component', () => {
  test('one chart file, kafka.k8s.yaml, only when the spec has kafka', () => {
    expect(kafkaComponent.charts(spec()).map((u) => u.file)).toEqual(['kafka']);
    expect(kafkaComponent.charts(spec({ kafka: null, services: null }))).toEqual([]);
    expect(synthSpec(spec({ kafka: null, services: null })).has('kafka')).toBe(false);
  });

  test('everything the cluster needs, in one chart', () => {
    const kinds = kafkaObjects(spec()).map((o) => `${o.kind}/${o.metadata.name}`);
    expect(kinds).toEqual(expect.arrayContaining([
      'ConfigMap/events-metrics', 'Kafka/events', 'KafkaNodePool/controller', 'KafkaNodePool/broker',
      'KafkaTopic/audit-log', 'KafkaUser/orders', 'PodMonitor/events', 'PodMonitor/events-entity-operator',
      'PrometheusRule/events', 'NetworkPolicy/events-allow-prometheus', 'DestinationRule/events-kafka-bootstrap',
      'PodMonitor/events-cluster-operator', 'ConfigMap/kafka-dashboard',
    ]));
    expect(kinds).toHaveLength(19);
  });

  test('object names depend only on the cluster, pool and topic names', () => {
    const names = (s = spec()) => kafkaObjects(s).map((o) => `${o.kind}/${o.metadata.name}`).sort();
    const other = spec({ kafka: { cruiseControl: true, authentication: 'tls', rackTopologyKey: 'topology.kubernetes.io/zone', version: '4.1.1' } });
    expect(names(other)).toEqual(names());
  });
});
