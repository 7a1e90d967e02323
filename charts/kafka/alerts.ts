import { AlertGroup } from '../lib/monitoring';
import { KafkaSettings, nodePodPattern } from './settings';

export interface KafkaAlertOptions {
  readonly namespace: string;
  /** Used/capacity ratio of a data volume that warns. */
  readonly volumeRatio: number;
}

const DAY = 86400;

/**
 * The well-known Kafka alerts, scoped to this cluster's pods and volumes. Broker metrics come from
 * the JMX exporter rules in metrics-config.ts, lag from Kafka Exporter, certificate expiry from
 * the Strimzi Cluster Operator (scraped by the operator's own PodMonitor).
 */
/** Label matchers of the Kafka nodes, their volumes, Kafka Exporter and the operator's certificate series. */
export function kafkaSelectors(s: KafkaSettings, namespace: string): { nodes: string; volumes: string; exporter: string; certs: string } {
  return {
    nodes: `namespace="${namespace}",pod=~"${nodePodPattern(s)}"`,
    volumes: `namespace="${namespace}",persistentvolumeclaim=~"data-[0-9]+-${nodePodPattern(s)}"`,
    exporter: `namespace="${namespace}",pod=~"${s.name}-kafka-exporter-.+"`,
    certs: `cluster="${s.name}",resource_namespace="${namespace}"`,
  };
}

export function kafkaAlertGroups(s: KafkaSettings, o: KafkaAlertOptions): AlertGroup[] {
  const { nodes, volumes, exporter, certs } = kafkaSelectors(s, o.namespace);
  const criticalVolumeRatio = Math.max(0.95, (1 + o.volumeRatio) / 2);
  const c = s.name;
  return [
    {
      name: `${c}-partitions`,
      rules: [
        {
          alert: 'KafkaUnderReplicatedPartitions',
          expr: `sum by (namespace, pod) (kafka_server_replicamanager_underreplicatedpartitions{${nodes}}) > 0`,
          for: '10m',
          severity: 'warning',
          summary: `Kafka ${c}: under-replicated partitions`,
          description: '{{ $value }} partitions led by {{ $labels.pod }} have followers out of sync for 10 minutes (short bursts are normal during rolling restarts).',
        },
        {
          alert: 'KafkaUnderMinIsrPartitions',
          expr: `sum by (namespace, pod) (kafka_server_replicamanager_underminisrpartitioncount{${nodes}}) > 0`,
          for: '5m',
          severity: 'critical',
          summary: `Kafka ${c}: partitions below min.insync.replicas`,
          description: '{{ $value }} partitions led by {{ $labels.pod }} have fewer in-sync replicas than min.insync.replicas: producers with acks=all are failing.',
        },
        {
          alert: 'KafkaOfflinePartitions',
          // max, not sum: standby controllers may report the same count as the active one
          expr: `max by (namespace) (kafka_controller_kafkacontroller_offlinepartitionscount{${nodes}}) > 0`,
          for: '1m',
          severity: 'critical',
          summary: `Kafka ${c}: offline partitions`,
          description: '{{ $value }} partitions have no leader: they can be neither written nor read.',
        },
        {
          alert: 'KafkaOfflineLogDirectory',
          expr: `sum by (namespace, pod) (kafka_log_logmanager_offlinelogdirectorycount{${nodes}}) > 0`,
          for: '1m',
          severity: 'critical',
          summary: `Kafka ${c}: offline log directory`,
          description: '{{ $labels.pod }} has {{ $value }} log directories offline (disk failure or full volume).',
        },
      ],
    },
    {
      name: `${c}-cluster`,
      rules: [
        {
          alert: 'KafkaActiveControllerCount',
          expr: `sum by (namespace) (kafka_controller_kafkacontroller_activecontrollercount{${nodes}}) != 1`,
          for: '5m',
          severity: 'critical',
          summary: `Kafka ${c}: {{ $value }} active controllers`,
          description: 'Exactly one KRaft controller must be active; with none, metadata changes and leader elections stop.',
        },
        {
          alert: 'KafkaNodeNotScraped',
          expr: `up{${nodes}} == 0`,
          for: '5m',
          severity: 'warning',
          summary: `Kafka ${c}: {{ $labels.pod }} not scraped`,
          description: 'Prometheus cannot scrape the JMX exporter of {{ $labels.pod }}; the node may be down or restarting.',
        },
        {
          alert: 'KafkaMetricsAbsent',
          expr: `absent(up{${nodes}} == 1)`,
          for: '10m',
          severity: 'critical',
          summary: `Kafka ${c}: no node reports metrics`,
          description: `No Kafka node of ${c} in ${o.namespace} has been scraped successfully for 10 minutes: the cluster is down or no longer monitored.`,
        },
        {
          alert: 'KafkaRequestHandlersSaturated',
          expr: `avg by (namespace, pod) (kafka_server_kafkarequesthandlerpool_requesthandleravgidle_percent{${nodes}}) < 0.2`,
          for: '15m',
          severity: 'warning',
          summary: `Kafka ${c}: request handlers of {{ $labels.pod }} busy`,
          description: 'Request handler threads of {{ $labels.pod }} are idle less than 20% of the time; latency grows.',
        },
        {
          alert: 'KafkaNetworkProcessorsSaturated',
          expr: `avg by (namespace, pod) (kafka_network_socketserver_networkprocessoravgidle_percent{${nodes}}) < 0.2`,
          for: '15m',
          severity: 'warning',
          summary: `Kafka ${c}: network threads of {{ $labels.pod }} busy`,
          description: 'Network processor threads of {{ $labels.pod }} are idle less than 20% of the time.',
        },
      ],
    },
    {
      name: `${c}-storage`,
      rules: [
        {
          alert: 'KafkaVolumeAlmostFull',
          expr: `kubelet_volume_stats_used_bytes{${volumes}} / kubelet_volume_stats_capacity_bytes{${volumes}} > ${o.volumeRatio}`,
          for: '10m',
          severity: 'warning',
          summary: `Kafka ${c}: volume {{ $labels.persistentvolumeclaim }} above ${Math.round(o.volumeRatio * 100)}%`,
          description: 'Lower retention, add partitions on other brokers, or grow the volume before the broker stops.',
        },
        {
          alert: 'KafkaVolumeFull',
          expr: `kubelet_volume_stats_used_bytes{${volumes}} / kubelet_volume_stats_capacity_bytes{${volumes}} > ${criticalVolumeRatio}`,
          for: '5m',
          severity: 'critical',
          summary: `Kafka ${c}: volume {{ $labels.persistentvolumeclaim }} above ${Math.round(criticalVolumeRatio * 1000) / 10}%`,
          description: 'A full log directory goes offline and its partitions lose a replica.',
        },
      ],
    },
    {
      name: `${c}-clients`,
      rules: [
        {
          alert: 'KafkaConsumerGroupLag',
          expr: `sum by (namespace, consumergroup, topic) (kafka_consumergroup_lag{${exporter}}) > ${s.maxConsumerLag}`,
          for: '15m',
          severity: 'warning',
          summary: `Kafka ${c}: group {{ $labels.consumergroup }} lags on {{ $labels.topic }}`,
          description: `Consumer group {{ $labels.consumergroup }} is {{ $value }} messages behind on {{ $labels.topic }} (threshold ${s.maxConsumerLag}) for 15 minutes.`,
        },
      ],
    },
    {
      name: `${c}-certificates`,
      rules: [
        {
          alert: 'KafkaCertificateExpiringSoon',
          expr: `min by (cluster, type, resource_namespace) (strimzi_certificate_expiration_timestamp_ms{${certs}}) / 1000 - time() < ${14 * DAY}`,
          for: '1h',
          severity: 'warning',
          summary: `Kafka ${c}: {{ $labels.type }} certificate expires within 14 days`,
          description: 'Strimzi renews its CAs 30 days before expiry by default; a certificate this close to expiry was not renewed. Check the Cluster Operator logs and maintenance windows.',
        },
        {
          alert: 'KafkaCertificateExpiryCritical',
          expr: `min by (cluster, type, resource_namespace) (strimzi_certificate_expiration_timestamp_ms{${certs}}) / 1000 - time() < ${7 * DAY}`,
          for: '10m',
          severity: 'critical',
          summary: `Kafka ${c}: {{ $labels.type }} certificate expires within 7 days`,
          description: 'When it expires, clients and brokers can no longer establish TLS connections.',
        },
      ],
    },
  ];
}
