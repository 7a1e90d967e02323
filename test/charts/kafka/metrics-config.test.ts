import { parse } from 'yaml';
import { kafkaAlertGroups } from '../../../charts/kafka/alerts';
import { CRUISE_CONTROL_JMX_RULES, jmxExporterConfig, JmxRule, KAFKA_JMX_RULES } from '../../../charts/kafka/metrics-config';
import { kafkaSettings } from '../../../charts/kafka/settings';
import { spec } from './fixtures';

/**
 * What the JMX exporter does with one MBean attribute, written as the exporter formats it
 * (`domain<key=value, ...><>attribute`): the first rule whose (unanchored) pattern matches names
 * the sample, `$n` are capture groups, and lowercaseOutputName lower-cases the name.
 */
function exported(rules: readonly JmxRule[], bean: string): { name: string; labels: Record<string, string> } | undefined {
  for (const rule of rules) {
    const m = new RegExp(rule.pattern).exec(bean);
    if (!m) continue;
    const sub = (s: string) => s.replace(/\$(\d+)/g, (_, n) => m[Number(n)] ?? '');
    const labels = Object.fromEntries(Object.entries(rule.labels ?? {}).map(([k, v]) => [k, sub(v)]));
    return { name: sub(rule.name).toLowerCase().replace(/[^a-z0-9_:]/g, '_'), labels };
  }
  return undefined;
}

const BEANS: Array<[string, string | undefined, Record<string, string>]> = [
  ['kafka.server<type=ReplicaManager, name=UnderReplicatedPartitions><>Value', 'kafka_server_replicamanager_underreplicatedpartitions', {}],
  ['kafka.server<type=ReplicaManager, name=UnderMinIsrPartitionCount><>Value', 'kafka_server_replicamanager_underminisrpartitioncount', {}],
  ['kafka.server<type=ReplicaManager, name=LeaderCount><>Value', 'kafka_server_replicamanager_leadercount', {}],
  ['kafka.server<type=ReplicaManager, name=IsrShrinksPerSec><>Count', 'kafka_server_replicamanager_isrshrinks_total', {}],
  ['kafka.controller<type=KafkaController, name=ActiveControllerCount><>Value', 'kafka_controller_kafkacontroller_activecontrollercount', {}],
  ['kafka.controller<type=KafkaController, name=OfflinePartitionsCount><>Value', 'kafka_controller_kafkacontroller_offlinepartitionscount', {}],
  ['kafka.controller<type=KafkaController, name=FencedBrokerCount><>Value', 'kafka_controller_kafkacontroller_fencedbrokercount', {}],
  ['kafka.log<type=LogManager, name=OfflineLogDirectoryCount><>Value', 'kafka_log_logmanager_offlinelogdirectorycount', {}],
  ['kafka.server<type=BrokerTopicMetrics, name=MessagesInPerSec><>Count', 'kafka_server_brokertopicmetrics_messagesin_total', {}],
  ['kafka.server<type=BrokerTopicMetrics, name=BytesOutPerSec><>Count', 'kafka_server_brokertopicmetrics_bytesout_total', {}],
  ['kafka.server<type=KafkaRequestHandlerPool, name=RequestHandlerAvgIdlePercent><>OneMinuteRate', 'kafka_server_kafkarequesthandlerpool_requesthandleravgidle_percent', {}],
  ['kafka.network<type=SocketServer, name=NetworkProcessorAvgIdlePercent><>Value', 'kafka_network_socketserver_networkprocessoravgidle_percent', {}],
  ['kafka.network<type=RequestChannel, name=RequestQueueSize><>Value', 'kafka_network_requestchannel_requestqueuesize', {}],
  ['kafka.network<type=RequestMetrics, name=TotalTimeMs, request=Produce><>99thPercentile', 'kafka_network_requestmetrics_totaltimems', { request: 'Produce', quantile: '0.99' }],
  // deliberately not exported: per-topic throughput, other requests, other attributes
  ['kafka.server<type=BrokerTopicMetrics, name=MessagesInPerSec, topic=orders><>Count', undefined, {}],
  ['kafka.network<type=RequestMetrics, name=TotalTimeMs, request=Metadata><>99thPercentile', undefined, {}],
  ['kafka.server<type=ReplicaManager, name=UnderReplicatedPartitions><>Count', undefined, {}],
];

describe('JMX exporter rules', () => {
  test.each(BEANS)('%s -> %s', (bean, name, labels) => {
    const out = exported(KAFKA_JMX_RULES, bean);
    if (name === undefined) {
      expect(out).toBeUndefined();
    } else {
      expect(out).toEqual({ name, labels });
    }
  });

  test('every broker metric an alert reads is produced by a rule', () => {
    const produced = new Set(BEANS.map(([bean]) => exported(KAFKA_JMX_RULES, bean)?.name).filter(Boolean));
    const settings = kafkaSettings(spec(), spec().kafka!);
    const exprs = kafkaAlertGroups(settings, { namespace: 'shop', volumeRatio: 0.85 }).flatMap((g) => g.rules.map((r) => r.expr));
    const used = new Set(exprs.flatMap((e) => e.match(/\bkafka_(server|controller|network|log)_[a-z_]+/g) ?? []));
    expect(used.size).toBeGreaterThanOrEqual(7);
    for (const metric of used) expect([metric, produced.has(metric)]).toEqual([metric, true]);
  });

  test('the exporter configuration is YAML with lower-cased names and only the listed rules', () => {
    const config = parse(jmxExporterConfig(KAFKA_JMX_RULES));
    expect(config.lowercaseOutputName).toBe(true);
    expect(config.rules).toHaveLength(KAFKA_JMX_RULES.length);
    expect(config.rules[0]).toEqual({ pattern: KAFKA_JMX_RULES[0].pattern, name: KAFKA_JMX_RULES[0].name, type: 'GAUGE' });
  });

  test('Cruise Control sensors become kafka_cruisecontrol_*', () => {
    expect(exported(CRUISE_CONTROL_JMX_RULES, 'kafka.cruisecontrol<name=GoalOptimizer.proposal-computation-timer><>Mean'))
      .toEqual({ name: 'kafka_cruisecontrol_goaloptimizer_proposal_computation_timer_mean', labels: {} });
  });
});
