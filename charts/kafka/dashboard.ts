import { DashboardSpec, resourcePanels } from '../lib/dashboards';
import { kafkaSelectors } from './alerts';
import { KafkaSettings } from './settings';

/** The Kafka cluster: partition health and controller first, then throughput, saturation, lag, certificates. */
export function kafkaDashboard(s: KafkaSettings, namespace: string): DashboardSpec {
  const { nodes, volumes, exporter, certs } = kafkaSelectors(s, namespace);
  return {
    component: 'kafka',
    title: `Kafka ${s.name}`,
    description: `Strimzi Kafka cluster ${s.name} (KRaft): partition health, controller, throughput, thread saturation, consumer lag and certificate expiry, from the JMX exporter rules of metrics-config.ts, Kafka Exporter and the Cluster Operator.`,
    rows: [
      {
        title: 'Cluster health',
        panels: [
          { title: 'Active controllers', description: 'Exactly 1 is healthy.', unit: 'short', stat: true, queries: [{ expr: `sum(kafka_controller_kafkacontroller_activecontrollercount{${nodes}})`, legend: 'active' }] },
          { title: 'Offline partitions', description: 'Partitions without a leader: neither writable nor readable.', unit: 'short', stat: true, queries: [{ expr: `max(kafka_controller_kafkacontroller_offlinepartitionscount{${nodes}})`, legend: 'offline' }] },
          { title: 'Under-replicated partitions', description: 'Partitions with followers out of sync (brief during rolling restarts).', unit: 'short', stat: true, queries: [{ expr: `sum(kafka_server_replicamanager_underreplicatedpartitions{${nodes}})`, legend: 'under-replicated' }] },
          { title: 'Under min ISR', description: 'Partitions below min.insync.replicas: producers with acks=all fail.', unit: 'short', stat: true, queries: [{ expr: `sum(kafka_server_replicamanager_underminisrpartitioncount{${nodes}})`, legend: 'under min ISR' }] },
          { title: 'Brokers: active and fenced', description: 'Brokers registered with the controller, and those fenced from it.', unit: 'short', queries: [
            { expr: `max(kafka_controller_kafkacontroller_activebrokercount{${nodes}})`, legend: 'active' },
            { expr: `max(kafka_controller_kafkacontroller_fencedbrokercount{${nodes}})`, legend: 'fenced' },
          ] },
          { title: 'Partitions and leaders per broker', description: 'Replicas and leaderships per node; a skew means leadership is unbalanced.', unit: 'short', queries: [
            { expr: `max by (pod) (kafka_server_replicamanager_partitioncount{${nodes}})`, legend: '{{pod}} partitions' },
            { expr: `max by (pod) (kafka_server_replicamanager_leadercount{${nodes}})`, legend: '{{pod}} leaders' },
          ] },
          { title: 'ISR shrinks and expands', description: 'Followers leaving and rejoining the in-sync set; constant shrinking points at a slow broker or network.', unit: 'ops', queries: [
            { expr: `sum by (pod) (rate(kafka_server_replicamanager_isrshrinks_total{${nodes}}[$__rate_interval]))`, legend: '{{pod}} shrinks' },
            { expr: `sum by (pod) (rate(kafka_server_replicamanager_isrexpands_total{${nodes}}[$__rate_interval]))`, legend: '{{pod}} expands' },
          ] },
        ],
      },
      {
        title: 'Throughput and saturation',
        panels: [
          { title: 'Messages in per second', description: 'Messages produced, per broker.', unit: 'ops', queries: [{ expr: `sum by (pod) (rate(kafka_server_brokertopicmetrics_messagesin_total{${nodes}}[$__rate_interval]))`, legend: '{{pod}}' }] },
          { title: 'Bytes in and out per second', description: 'Bytes produced and fetched (consumers and followers), per broker.', unit: 'Bps', queries: [
            { expr: `sum by (pod) (rate(kafka_server_brokertopicmetrics_bytesin_total{${nodes}}[$__rate_interval]))`, legend: '{{pod}} in' },
            { expr: `sum by (pod) (rate(kafka_server_brokertopicmetrics_bytesout_total{${nodes}}[$__rate_interval]))`, legend: '{{pod}} out' },
          ] },
          { title: 'Failed produce and fetch requests', description: 'Requests the brokers answered with an error.', unit: 'ops', queries: [
            { expr: `sum by (pod) (rate(kafka_server_brokertopicmetrics_failedproducerequests_total{${nodes}}[$__rate_interval]))`, legend: '{{pod}} produce' },
            { expr: `sum by (pod) (rate(kafka_server_brokertopicmetrics_failedfetchrequests_total{${nodes}}[$__rate_interval]))`, legend: '{{pod}} fetch' },
          ] },
          { title: 'Request latency p99', description: 'Total time of produce and fetch requests, 99th percentile as the broker computes it.', unit: 'ms', queries: [{ expr: `max by (pod, request) (kafka_network_requestmetrics_totaltimems{${nodes},quantile="0.99"})`, legend: '{{pod}} {{request}}' }] },
          { title: 'Thread idle ratio', description: 'Idle share of request handler and network threads; below 0.2 requests queue.', unit: 'percentunit', queries: [
            { expr: `avg by (pod) (kafka_server_kafkarequesthandlerpool_requesthandleravgidle_percent{${nodes}})`, legend: '{{pod}} request handlers' },
            { expr: `avg by (pod) (kafka_network_socketserver_networkprocessoravgidle_percent{${nodes}})`, legend: '{{pod}} network' },
          ] },
          { title: 'Request queue', description: 'Requests waiting for a handler thread.', unit: 'short', queries: [{ expr: `max by (pod) (kafka_network_requestchannel_requestqueuesize{${nodes}})`, legend: '{{pod}}' }] },
        ],
      },
      {
        title: 'Consumers and certificates',
        panels: [
          { title: 'Consumer group lag', description: `Messages each group is behind per topic (alert above ${s.maxConsumerLag}).`, unit: 'short', queries: [{ expr: `sum by (consumergroup, topic) (kafka_consumergroup_lag{${exporter}})`, legend: '{{consumergroup}} on {{topic}}' }] },
          { title: 'Days until certificate expiry', description: 'Cluster and clients CA certificates as the Cluster Operator reports them; Strimzi renews 30 days ahead by default.', unit: 'd', queries: [{ expr: `(min by (type) (strimzi_certificate_expiration_timestamp_ms{${certs}}) / 1000 - time()) / 86400`, legend: '{{type}}' }] },
        ],
      },
      { title: 'Resources', panels: resourcePanels(nodes, volumes) },
    ],
  };
}
