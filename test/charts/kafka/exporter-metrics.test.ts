import { jmxMetricNames } from '../../../charts/kafka/exporter-metrics';

describe('jmxMetricNames', () => {
  test('expands $1 to each alternative of the first group, lowercased, counters with _total', () => {
    expect(jmxMetricNames([
      { pattern: 'kafka.server<type=ReplicaManager, name=(UnderReplicatedPartitions|LeaderCount)><>Value', name: 'kafka_server_replicamanager_$1', type: 'GAUGE' },
      { pattern: 'kafka.server<type=BrokerTopicMetrics, name=(MessagesIn)PerSec><>Count', name: 'kafka_server_brokertopicmetrics_$1_total', type: 'COUNTER' },
      { pattern: 'kafka.network<type=SocketServer, name=NetworkProcessorAvgIdlePercent><>Value', name: 'kafka_network_idle', type: 'GAUGE' },
    ])).toEqual([
      'kafka_server_replicamanager_underreplicatedpartitions', 'kafka_server_replicamanager_leadercount',
      'kafka_server_brokertopicmetrics_messagesin_total', 'kafka_network_idle',
    ]);
  });

  test('names that cannot be enumerated yield nothing', () => {
    expect(jmxMetricNames([{ pattern: 'kafka.cruisecontrol<name=(.+)><>(\\w+)', name: 'kafka_cruisecontrol_$1_$2', type: 'GAUGE' }])).toEqual([]);
  });
});
