import { parse } from 'yaml';
import { find } from '../../helpers';
import { kafkaObjects, spec, withKafka } from './fixtures';

describe('Kafka monitoring objects', () => {
  const objects = kafkaObjects(spec());

  test('the metrics ConfigMap holds the Kafka rules, and the Cruise Control rules only with Cruise Control', () => {
    const cm = find(objects, 'ConfigMap', 'events-metrics');
    expect(Object.keys(cm.data)).toEqual(['kafka-metrics-config.yml']);
    expect(parse(cm.data['kafka-metrics-config.yml']).lowercaseOutputName).toBe(true);
    expect(cm.metadata.annotations['argocd.argoproj.io/sync-wave']).toBe('-5');
    const withCc = find(kafkaObjects(withKafka({ cruiseControl: true })), 'ConfigMap', 'events-metrics');
    expect(Object.keys(withCc.data).sort()).toEqual(['cruise-control-metrics-config.yml', 'kafka-metrics-config.yml']);
  });

  test('a PodMonitor scrapes tcp-prometheus on every pod Strimzi creates for the cluster', () => {
    const pm = find(objects, 'PodMonitor', 'events');
    expect(pm.spec.selector).toEqual({ matchLabels: { 'strimzi.io/cluster': 'events', 'strimzi.io/kind': 'Kafka' } });
    expect(pm.spec.podMetricsEndpoints.map((e: any) => e.port)).toEqual(['tcp-prometheus']);
    expect(pm.spec.namespaceSelector).toEqual({ matchNames: ['shop'] });
    expect(pm.metadata.labels.release).toBe('kube-prometheus-stack');
  });

  test('the entity operator PodMonitor covers the port names of Strimzi before and after 1.1', () => {
    const pm = find(objects, 'PodMonitor', 'events-entity-operator');
    expect(pm.spec.selector.matchLabels).toEqual({ 'strimzi.io/cluster': 'events', 'strimzi.io/name': 'events-entity-operator' });
    expect(pm.spec.podMetricsEndpoints.map((e: any) => e.port)).toEqual(['healthcheck-to', 'healthcheck-uo', 'healthcheck']);
  });

  test('Prometheus may reach the metrics ports of the cluster\'s pods, and nothing else', () => {
    const np = find(objects, 'NetworkPolicy', 'events-allow-prometheus');
    expect(np.spec).toEqual({
      podSelector: { matchLabels: { 'strimzi.io/cluster': 'events' } },
      policyTypes: ['Ingress'],
      ingress: [{
        from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }],
        ports: [9404, 8080, 8081].map((port) => ({ protocol: 'TCP', port })),
      }],
    });
  });
});
