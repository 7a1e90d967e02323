import { MetricSource } from '../lib/metrics/source';
import { JmxRule, KAFKA_JMX_RULES } from './metrics-config';

/**
 * Names the JMX exporter produces from our rules (lowercaseOutputName): `$1` expands to each
 * alternative of the pattern's first group. Rules whose names cannot be enumerated (a `.+`
 * group, as in the Cruise Control rule) yield nothing, so nothing may query them.
 */
export function jmxMetricNames(rules: readonly JmxRule[]): string[] {
  const names = rules.flatMap((r) => {
    if (!r.name.includes('$')) return [r.name];
    const group = /\(([A-Za-z0-9|]+)\)/.exec(r.pattern);
    if (!group || /\$[2-9]/.test(r.name)) return [];
    return group[1].split('|').map((alt) => r.name.replace('$1', alt));
  });
  return [...new Set(names.map((n) => n.toLowerCase()))];
}

/** The Kafka nodes' JMX exporter, configured by metrics-config.ts. */
export const KAFKA_JMX: MetricSource = {
  exporter: 'Prometheus JMX exporter in the Strimzi Kafka image, with the rules of metrics-config.ts',
  checkedIn: 'charts/kafka/metrics-config.ts (this project); MBean names in apache/kafka docs/ops.html (Monitoring)',
  names: jmxMetricNames(KAFKA_JMX_RULES),
};

/** Kafka Exporter, deployed by Strimzi (`spec.kafkaExporter`). */
export const KAFKA_EXPORTER: MetricSource = {
  exporter: 'Kafka Exporter (danielqsj/kafka_exporter) as shipped by Strimzi',
  checkedIn: 'danielqsj/kafka_exporter kafka_exporter.go',
  names: ['kafka_brokers', 'kafka_consumergroup_lag', 'kafka_topic_partition_current_offset'],
};

/** The Strimzi Cluster Operator's Micrometer metrics (dots become underscores, counters get _total). */
export const STRIMZI_CLUSTER_OPERATOR: MetricSource = {
  exporter: 'Strimzi Cluster Operator',
  checkedIn: 'strimzi/strimzi-kafka-operator operator-common .../OperatorMetricsHolder.java, cluster-operator .../KafkaAssemblyOperatorMetricsHolder.java',
  names: ['strimzi_certificate_expiration_timestamp_ms', 'strimzi_reconciliations_total', 'strimzi_reconciliations_failed_total', 'strimzi_resources'],
};
