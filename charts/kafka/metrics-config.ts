import { stringify } from 'yaml';

/**
 * Prometheus JMX exporter rules for the Kafka nodes and Cruise Control. Deliberately short: only
 * the MBeans the alerts and a health dashboard read are exported, each under a fixed name, so a
 * Kafka upgrade that adds MBeans adds no series. With `rules` present the exporter drops every
 * attribute no rule matches. JVM metrics (jvm_*) are exported by the agent regardless.
 */

export const KAFKA_METRICS_KEY = 'kafka-metrics-config.yml';
export const CRUISE_CONTROL_METRICS_KEY = 'cruise-control-metrics-config.yml';

export interface JmxRule {
  readonly pattern: string;
  readonly name: string;
  readonly type: 'GAUGE' | 'COUNTER';
  readonly labels?: Readonly<Record<string, string>>;
}

/** One rule for several Yammer MBeans of one type: `<domain><type=T, name=(A|B)><>attribute` -> prefix_$1. */
function family(domain: string, type: string, names: readonly string[], attribute: string, prefix: string, kind: JmxRule['type'], suffix = ''): JmxRule {
  return { pattern: `${domain}<type=${type}, name=(${names.join('|')})${suffix}><>${attribute}`, name: `${prefix}_$1${kind === 'COUNTER' ? '_total' : ''}`, type: kind };
}

export const KAFKA_JMX_RULES: readonly JmxRule[] = [
  // partition health as each broker sees it
  family('kafka.server', 'ReplicaManager',
    ['UnderReplicatedPartitions', 'UnderMinIsrPartitionCount', 'AtMinIsrPartitionCount', 'OfflineReplicaCount', 'PartitionCount', 'LeaderCount'],
    'Value', 'kafka_server_replicamanager', 'GAUGE'),
  family('kafka.server', 'ReplicaManager', ['IsrShrinks', 'IsrExpands'], 'Count', 'kafka_server_replicamanager', 'COUNTER', 'PerSec'),
  // cluster state as the KRaft controllers report it (the active controller carries the counts)
  family('kafka.controller', 'KafkaController',
    ['ActiveControllerCount', 'OfflinePartitionsCount', 'GlobalPartitionCount', 'GlobalTopicCount', 'PreferredReplicaImbalanceCount', 'ActiveBrokerCount', 'FencedBrokerCount'],
    'Value', 'kafka_controller_kafkacontroller', 'GAUGE'),
  family('kafka.log', 'LogManager', ['OfflineLogDirectoryCount'], 'Value', 'kafka_log_logmanager', 'GAUGE'),
  // throughput, cluster-wide per broker (the per-topic MBeans carry a topic= key and do not match)
  family('kafka.server', 'BrokerTopicMetrics',
    ['MessagesIn', 'BytesIn', 'BytesOut', 'FailedProduceRequests', 'FailedFetchRequests'],
    'Count', 'kafka_server_brokertopicmetrics', 'COUNTER', 'PerSec'),
  // thread pool saturation: idle ratios between 0 and 1
  {
    pattern: 'kafka.server<type=KafkaRequestHandlerPool, name=RequestHandlerAvgIdlePercent><>OneMinuteRate',
    name: 'kafka_server_kafkarequesthandlerpool_requesthandleravgidle_percent',
    type: 'GAUGE',
  },
  {
    pattern: 'kafka.network<type=SocketServer, name=NetworkProcessorAvgIdlePercent><>Value',
    name: 'kafka_network_socketserver_networkprocessoravgidle_percent',
    type: 'GAUGE',
  },
  family('kafka.network', 'RequestChannel', ['RequestQueueSize', 'ResponseQueueSize'], 'Value', 'kafka_network_requestchannel', 'GAUGE'),
  // end-to-end request latency of the three requests that matter for clients and replication
  {
    pattern: 'kafka.network<type=RequestMetrics, name=TotalTimeMs, request=(Produce|FetchConsumer|FetchFollower)><>(50|99)thPercentile',
    name: 'kafka_network_requestmetrics_totaltimems',
    type: 'GAUGE',
    labels: { request: '$1', quantile: '0.$2' },
  },
];

export const CRUISE_CONTROL_JMX_RULES: readonly JmxRule[] = [
  { pattern: 'kafka.cruisecontrol<name=(.+)><>(\\w+)', name: 'kafka_cruisecontrol_$1_$2', type: 'GAUGE' },
];

/** The exporter's YAML configuration for a rule list. */
export function jmxExporterConfig(rules: readonly JmxRule[]): string {
  return stringify({ lowercaseOutputName: true, rules: rules.map((r) => ({ ...r })) }, { lineWidth: 0 });
}
