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

  test('the Cluster Operator PodMonitor scrapes its http port in the operator namespace, "strimzi" unless the spec names another', () => {
    const pm = find(objects, 'PodMonitor', 'events-cluster-operator');
    expect(pm.spec.selector).toEqual({ matchLabels: { 'strimzi.io/kind': 'cluster-operator' } });
    expect(pm.spec.podMetricsEndpoints).toEqual([{ port: 'http', path: '/metrics', interval: '30s' }]);
    expect(pm.spec.namespaceSelector).toEqual({ matchNames: ['strimzi'] });
    const elsewhere = find(kafkaObjects(withKafka({ operatorNamespace: 'kafka-operators' })), 'PodMonitor', 'events-cluster-operator');
    expect(elsewhere.spec.namespaceSelector).toEqual({ matchNames: ['kafka-operators'] });
  });

  test('the certificate alerts read the gauge the Cluster Operator exports, with its labels', () => {
    const rule = find(objects, 'PrometheusRule', 'events');
    const exprs = rule.spec.groups.flatMap((g: any) => g.rules).filter((r: any) => r.alert.startsWith('KafkaCertificate')).map((r: any) => r.expr);
    expect(exprs).toHaveLength(2);
    for (const e of exprs) expect(e).toContain('strimzi_certificate_expiration_timestamp_ms{cluster="events",resource_namespace="shop"}');
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
