import * as fs from 'fs';
import * as path from 'path';
import { find } from '../../helpers';
import { kafkaObjects, spec, withKafka } from './fixtures';

const kafkaCr = (s = spec()) => find(kafkaObjects(s), 'Kafka', 'events');

describe('Kafka resource', () => {
  test('is kafka.strimzi.io/v1, data-bearing, in the messaging wave', () => {
    const k = kafkaCr();
    expect(k.apiVersion).toBe('kafka.strimzi.io/v1');
    expect(k.metadata.annotations).toEqual({
      'argocd.argoproj.io/sync-wave': '5',
      'argocd.argoproj.io/sync-options': 'Prune=false,Delete=false',
    });
  });

  test('needs no node-pool or KRaft annotation (both ignored since Strimzi 0.48)', () => {
    const annotations = Object.keys(kafkaCr().metadata.annotations);
    expect(annotations.filter((a) => a.startsWith('strimzi.io/'))).toEqual([]);
  });

  test('carries no app.kubernetes.io/instance label, which Strimzi would copy to PVCs', () => {
    const labels = kafkaCr().metadata.labels;
    expect(labels['app.kubernetes.io/instance']).toBeUndefined();
    expect(labels['app.kubernetes.io/name']).toBe('kafka');
  });

  test('one internal TLS listener on 9093 with SCRAM-SHA-512 by default, simple authorization', () => {
    const k = kafkaCr().spec.kafka;
    expect(k.listeners).toHaveLength(1);
    expect(k.listeners[0]).toMatchObject({ name: 'tls', port: 9093, type: 'internal', tls: true, authentication: { type: 'scram-sha-512' } });
    expect(k.authorization).toEqual({ type: 'simple' });
    expect(kafkaCr(withKafka({ authentication: 'tls' })).spec.kafka.listeners[0].authentication).toEqual({ type: 'tls' });
  });

  test('networkPolicyPeers: services that talk to or use Kafka, plus the entity operator', () => {
    expect(kafkaCr().spec.kafka.listeners[0].networkPolicyPeers).toEqual([
      { podSelector: { matchLabels: { 'app.kubernetes.io/instance': 'audit' } } },
      { podSelector: { matchLabels: { 'app.kubernetes.io/instance': 'billing' } } },
      { podSelector: { matchLabels: { 'app.kubernetes.io/instance': 'orders' } } },
      { podSelector: { matchLabels: { 'app.kubernetes.io/instance': 'web' } } },
      { podSelector: { matchLabels: { 'strimzi.io/cluster': 'events', 'strimzi.io/name': 'events-entity-operator' } } },
    ]);
  });

  test('without any client the listener is still restricted (to the entity operator)', () => {
    const peers = kafkaCr(spec({ services: null })).spec.kafka.listeners[0].networkPolicyPeers;
    expect(peers).toHaveLength(1);
  });

  test('replication defaults follow the broker count', () => {
    expect(kafkaCr().spec.kafka.config).toEqual({
      'default.replication.factor': 3,
      'offsets.topic.replication.factor': 3,
      'transaction.state.log.replication.factor': 3,
      'transaction.state.log.min.isr': 2,
      'min.insync.replicas': 2,
      'auto.create.topics.enable': false,
    });
    const small = kafkaCr(withKafka({ brokers: 2, topics: { 'billing.invoiced_v1': { replicas: 2 } } })).spec.kafka.config;
    expect(small).toMatchObject({ 'default.replication.factor': 2, 'offsets.topic.replication.factor': 2, 'min.insync.replicas': 1, 'transaction.state.log.min.isr': 1 });
    const one = kafkaCr(withKafka({ brokers: 1, combinedRoles: true, topics: { 'billing.invoiced_v1': { replicas: 1, config: { 'min.insync.replicas': 1 } } } })).spec.kafka.config;
    expect(one).toMatchObject({ 'default.replication.factor': 1, 'min.insync.replicas': 1 });
  });

  test('rack awareness from rackTopologyKey, with rack-aware fetching', () => {
    const k = kafkaCr(withKafka({ rackTopologyKey: 'topology.kubernetes.io/zone' })).spec.kafka;
    expect(k.rack).toEqual({ topologyKey: 'topology.kubernetes.io/zone' });
    expect(k.config['replica.selector.class']).toBe('org.apache.kafka.common.replica.RackAwareReplicaSelector');
    expect(kafkaCr().spec.kafka.rack).toBeUndefined();
  });

  test('version and metadataVersion always pinned: an operator upgrade cannot roll the brokers onto another Kafka', () => {
    expect(kafkaCr().spec.kafka).toMatchObject({ version: '4.3.1', metadataVersion: '4.3-IV0' });
    const pinned = kafkaCr(withKafka({ version: '4.1.1', metadataVersion: '4.1-IV1' })).spec.kafka;
    expect(pinned).toMatchObject({ version: '4.1.1', metadataVersion: '4.1-IV1' });
    // another version without a metadata version: that release's, never the newer default
    expect(kafkaCr(withKafka({ version: '4.2.1' })).spec.kafka).toMatchObject({ version: '4.2.1', metadataVersion: '4.2' });
  });

  test('the pinned Kafka version is one the pinned Strimzi CRDs\' operator release lists', () => {
    const sources = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'crds', 'sources.json'), 'utf8'));
    const strimzi = sources.schemas.find((s: { name: string }) => s.name === 'strimzi-kafka').url as string;
    // Strimzi 1.2.0 supports Kafka 4.2.x and 4.3.x (4.3.1 added in 1.2.0); a CRD bump must revisit the pin
    expect(strimzi).toContain('/strimzi-kafka-operator/1.2.0/');
  });

  test('JMX exporter metrics from the metrics ConfigMap', () => {
    expect(kafkaCr().spec.kafka.metricsConfig).toEqual({
      type: 'jmxPrometheusExporter',
      valueFrom: { configMapKeyRef: { name: 'events-metrics', key: 'kafka-metrics-config.yml' } },
    });
  });

  test('entity operator with both operators, user Secrets prefixed with the cluster name', () => {
    const eo = kafkaCr().spec.entityOperator;
    expect(eo.topicOperator.resources).toEqual({ requests: { cpu: '100m', memory: '512Mi' }, limits: { memory: '512Mi' } });
    expect(eo.userOperator.secretPrefix).toBe('events-');
  });

  test('Kafka Exporter for every group and every non-internal topic', () => {
    expect(kafkaCr().spec.kafkaExporter).toMatchObject({ topicRegex: '.*', topicExcludeRegex: '^__.*', groupRegex: '.*' });
  });

  test('Cruise Control only when asked, with its own metrics rules', () => {
    expect(kafkaCr().spec.cruiseControl).toBeUndefined();
    const cc = kafkaCr(withKafka({ cruiseControl: true })).spec.cruiseControl;
    expect(cc.metricsConfig).toEqual({
      type: 'jmxPrometheusExporter',
      valueFrom: { configMapKeyRef: { name: 'events-metrics', key: 'cruise-control-metrics-config.yml' } },
    });
  });
});
