import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { stringify } from 'yaml';
import { find, K8sObject } from '../../helpers';
import { kafkaObjects, spec, withKafka } from './fixtures';

const rule = (s = spec()) => find(kafkaObjects(s), 'PrometheusRule', 'events');
const alerts = (r: K8sObject) => r.spec.groups.flatMap((g: any) => g.rules) as Array<Record<string, any>>;
const byName = (r: K8sObject, name: string) => alerts(r).find((a) => a.alert === name)!;

describe('Kafka alerts', () => {
  test('the well-known alerts are all there', () => {
    expect(alerts(rule()).map((a) => a.alert)).toEqual([
      'KafkaUnderReplicatedPartitions', 'KafkaUnderMinIsrPartitions', 'KafkaOfflinePartitions', 'KafkaOfflineLogDirectory',
      'KafkaActiveControllerCount', 'KafkaNodeNotScraped', 'KafkaMetricsAbsent', 'KafkaRequestHandlersSaturated', 'KafkaNetworkProcessorsSaturated',
      'KafkaVolumeAlmostFull', 'KafkaVolumeFull', 'KafkaConsumerGroupLag', 'KafkaCertificateExpiringSoon', 'KafkaCertificateExpiryCritical',
    ]);
  });

  test('scoped to this cluster\'s node pods and data volumes', () => {
    const r = rule();
    expect(byName(r, 'KafkaUnderReplicatedPartitions').expr).toContain('{namespace="shop",pod=~"events-(controller|broker)-[0-9]+"}');
    expect(byName(r, 'KafkaVolumeAlmostFull').expr).toContain('persistentvolumeclaim=~"data-[0-9]+-events-(controller|broker)-[0-9]+"');
    expect(byName(rule(withKafka({ combinedRoles: true })), 'KafkaOfflinePartitions').expr).toContain('pod=~"events-(dual-role)-[0-9]+"');
    expect(byName(r, 'KafkaCertificateExpiringSoon').expr).toContain('strimzi_certificate_expiration_timestamp_ms{cluster="events",resource_namespace="shop"}');
    expect(byName(r, 'KafkaConsumerGroupLag').expr).toContain('kafka_consumergroup_lag{namespace="shop",pod=~"events-kafka-exporter-.+"}');
  });

  test('thresholds come from the spec', () => {
    const r = rule({ ...withKafka({ maxConsumerLag: 50000 }), monitoring: { thresholds: { volumeRatio: 0.7 } } });
    expect(byName(r, 'KafkaConsumerGroupLag').expr).toMatch(/> 50000$/);
    expect(byName(r, 'KafkaVolumeAlmostFull').expr).toMatch(/> 0\.7$/);
    expect(byName(r, 'KafkaVolumeFull').expr).toMatch(/> 0\.95$/);
  });

  test('labels make the Prometheus instance pick the rule up; severities and runbooks are set', () => {
    const r = rule();
    expect(r.metadata.labels.release).toBe('kube-prometheus-stack');
    for (const a of alerts(r)) {
      expect(['warning', 'critical']).toContain(a.labels.severity);
      expect(a.annotations.runbook_url).toBe(`docs/runbooks/${a.alert}.md`);
    }
  });
});


/** Renders `{{ $labels.x }}` and `{{ $value }}` the way Prometheus fills alert annotations. */
function render(text: string, labels: Record<string, string>, value: number): string {
  return text.replace(/\{\{\s*\$labels\.(\w+)\s*\}\}/g, (_, l) => labels[l] ?? '').replace(/\{\{\s*\$value\s*\}\}/g, String(value));
}

describe('Kafka alerts under promtool', () => {
  beforeAll(() => {
    // promtool comes from Debian's prometheus package (CI installs it); a missing binary is a failure, not a skip
    if (spawnSync('promtool', ['--version']).status !== 0) throw new Error('promtool not found: apt-get install prometheus');
  });
  const r = rule();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kafka-rules-'));
  const rulesFile = path.join(dir, 'rules.yml');
  fs.writeFileSync(rulesFile, stringify({ groups: r.spec.groups }));

  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('promtool check rules accepts every expression', () => {
    expect(execFileSync('promtool', ['check', 'rules', rulesFile], { encoding: 'utf8' })).toMatch(/SUCCESS: 14 rules found/);
  });

  test('alerts fire on series shaped like the exporters\' and ignore other clusters', () => {
    const expect1 = (alertname: string, evalTime: string, labels: Record<string, string>, value: number) => {
      const a = byName(r, alertname);
      const all = { ...labels, severity: a.labels.severity };
      return {
        eval_time: evalTime,
        alertname,
        exp_alerts: [{
          exp_labels: all,
          exp_annotations: Object.fromEntries(Object.entries(a.annotations as Record<string, string>).map(([k, v]) => [k, render(v, all, value)])),
        }],
      };
    };
    const pod = { namespace: 'shop', pod: 'events-broker-4' };
    const pvc = { namespace: 'shop', persistentvolumeclaim: 'data-0-events-broker-4' };
    const tests = {
      rule_files: [rulesFile],
      evaluation_interval: '1m',
      tests: [{
        interval: '1m',
        input_series: [
          { series: 'kafka_server_replicamanager_underreplicatedpartitions{namespace="shop",pod="events-broker-4"}', values: '2x30' },
          // another cluster in the namespace must not raise this cluster's alert
          { series: 'kafka_server_replicamanager_underreplicatedpartitions{namespace="shop",pod="other-broker-0"}', values: '5x30' },
          { series: 'kafka_controller_kafkacontroller_offlinepartitionscount{namespace="shop",pod="events-controller-0"}', values: '3x30' },
          { series: 'kafka_controller_kafkacontroller_activecontrollercount{namespace="shop",pod="events-controller-0"}', values: '0x30' },
          { series: 'kafka_controller_kafkacontroller_activecontrollercount{namespace="shop",pod="events-controller-1"}', values: '0x30' },
          { series: 'up{namespace="shop",pod="events-broker-4"}', values: '1x30' },
          { series: 'kubelet_volume_stats_used_bytes{namespace="shop",persistentvolumeclaim="data-0-events-broker-4"}', values: '90x30' },
          { series: 'kubelet_volume_stats_capacity_bytes{namespace="shop",persistentvolumeclaim="data-0-events-broker-4"}', values: '100x30' },
          { series: 'kafka_consumergroup_lag{namespace="shop",pod="events-kafka-exporter-7d9f-x2",consumergroup="audit",topic="orders.created",partition="0"}', values: '1500x30' },
          { series: 'kafka_consumergroup_lag{namespace="shop",pod="events-kafka-exporter-7d9f-x2",consumergroup="audit",topic="orders.created",partition="1"}', values: '10x30' },
          { series: 'strimzi_certificate_expiration_timestamp_ms{cluster="events",resource_namespace="shop",type="clients-ca"}', values: `${10 * 86400 * 1000}x120` },
        ],
        alert_rule_test: [
          expect1('KafkaUnderReplicatedPartitions', '15m', pod, 2),
          expect1('KafkaOfflinePartitions', '5m', { namespace: 'shop' }, 3),
          expect1('KafkaActiveControllerCount', '10m', { namespace: 'shop' }, 0),
          { eval_time: '10m', alertname: 'KafkaMetricsAbsent', exp_alerts: [] },
          expect1('KafkaVolumeAlmostFull', '15m', pvc, 0.9),
          { eval_time: '15m', alertname: 'KafkaVolumeFull', exp_alerts: [] },
          expect1('KafkaConsumerGroupLag', '20m', { namespace: 'shop', consumergroup: 'audit', topic: 'orders.created' }, 1510),
          expect1('KafkaCertificateExpiringSoon', '90m', { cluster: 'events', resource_namespace: 'shop', type: 'clients-ca' }, 858600),
          { eval_time: '90m', alertname: 'KafkaCertificateExpiryCritical', exp_alerts: [] },
        ],
      }],
    };
    const testFile = path.join(dir, 'tests.yml');
    fs.writeFileSync(testFile, stringify(tests));
    const run = spawnSync('promtool', ['test', 'rules', testFile], { encoding: 'utf8' });
    expect(`${run.stdout}${run.stderr}`).toMatch(/SUCCESS/);
  });
});
