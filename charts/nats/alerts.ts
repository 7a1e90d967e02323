import { AlertGroup, AlertRule } from '../lib/monitoring';
import { NatsSettings } from './settings';

/**
 * Alerts on prometheus-nats-exporter series (names as the pinned exporter emits them, flags
 * -varz -jsz=all -healthz -healthz_js_server_only). Every expression selects this cluster's pods
 * by namespace and pod name, the labels the PodMonitor target adds. Cluster-level rules (meta
 * leader, stream leaders) exist only when the servers form a cluster.
 */
/** Label matchers of this cluster's server pods. */
export function natsSelector(s: NatsSettings): string {
  return `namespace="${s.namespace}",pod=~"${s.name}-[0-9]+"`;
}

export function natsAlertGroups(s: NatsSettings): AlertGroup[] {
  const sel = natsSelector(s);
  const quorum = Math.floor(s.servers / 2) + 1;
  const healthy = `count(gnatsd_healthz_js_server_only_status{${sel}} == 0)`;
  const noneHealthy = `absent(gnatsd_healthz_js_server_only_status{${sel}} == 0)`;
  const who = `NATS ${s.name} in ${s.namespace}`;

  const servers: AlertRule[] = [
    {
      alert: 'NatsServerDown',
      expr: `${healthy} < ${s.servers} or ${noneHealthy}`,
      for: '5m',
      severity: s.servers === 1 ? 'critical' : 'warning',
      summary: `${who}: fewer than ${s.servers} healthy servers`,
      description: 'A NATS server is down, not scraped, or has JetStream disabled. Clients reconnect to the others; R1 streams on it are unavailable. Check the pod, its events and its log.',
    },
    {
      alert: 'NatsJetStreamDisabled',
      expr: `max by (namespace, pod) (jetstream_server_jetstream_disabled{${sel}}) == 1`,
      for: '5m',
      severity: 'critical',
      summary: `${who}: JetStream disabled on {{ $labels.pod }}`,
      description: 'The server runs without JetStream (it disables itself when the store is unusable, e.g. a full or read-only volume). Streams it hosts have lost a replica.',
    },
    {
      alert: 'NatsJetStreamStorageHigh',
      expr: `max by (namespace, pod) (gnatsd_varz_jetstream_stats_storage{${sel}}) / max by (namespace, pod) (gnatsd_varz_jetstream_config_max_storage{${sel}} > 0) > 0.8`,
      for: '10m',
      severity: 'warning',
      summary: `${who}: JetStream file store of {{ $labels.pod }} above 80%`,
      description: 'Stored bytes are above 80% of max_file_store ({{ $value | humanizePercentage }}). At 100% JetStream refuses new messages with "insufficient resources"; lower stream limits (maxAge, maxBytes) or grow the volume.',
    },
    {
      alert: 'NatsJetStreamStorageCritical',
      expr: `max by (namespace, pod) (gnatsd_varz_jetstream_stats_storage{${sel}}) / max by (namespace, pod) (gnatsd_varz_jetstream_config_max_storage{${sel}} > 0) > 0.9`,
      for: '5m',
      severity: 'critical',
      summary: `${who}: JetStream file store of {{ $labels.pod }} above 90%`,
      description: 'Stored bytes are above 90% of max_file_store ({{ $value | humanizePercentage }}); writes will be refused soon.',
    },
    {
      alert: 'NatsJetStreamMemoryHigh',
      expr: `max by (namespace, pod) (gnatsd_varz_jetstream_stats_memory{${sel}}) / max by (namespace, pod) (gnatsd_varz_jetstream_config_max_memory{${sel}} > 0) > 0.8`,
      for: '10m',
      severity: 'warning',
      summary: `${who}: JetStream memory store of {{ $labels.pod }} above 80%`,
      description: 'Memory-backed streams use more than 80% of max_memory_store ({{ $value | humanizePercentage }}).',
    },
    {
      alert: 'NatsJetStreamNotCurrent',
      expr: `max by (namespace, pod) (gnatsd_healthz_status{${sel}}) == 1 and on (namespace, pod) max by (namespace, pod) (gnatsd_healthz_js_server_only_status{${sel}}) == 0`,
      for: '10m',
      severity: 'warning',
      summary: `${who}: streams or consumers on {{ $labels.pod }} are not current`,
      description: 'The server is up but /healthz reports a stream or consumer replica it hosts as not current: a lagging replica or a group without quorum. `nats stream report` shows which.',
    },
    {
      alert: 'NatsSlowConsumers',
      expr: `max by (namespace, pod) (increase(gnatsd_varz_slow_consumers{${sel}}[5m])) > 0`,
      severity: 'warning',
      summary: `${who}: slow consumers on {{ $labels.pod }}`,
      description: 'The server cut off clients (or routes) that did not read fast enough; core NATS messages to them were dropped. Find them with /connz?sort=pending.',
    },
    {
      alert: 'NatsConsumerPendingGrowing',
      expr: `max by (namespace, stream_name, consumer_name) (deriv(jetstream_consumer_num_pending{${sel}}[10m])) > 0 and max by (namespace, stream_name, consumer_name) (min_over_time(jetstream_consumer_num_pending{${sel}}[10m])) > 0`,
      for: '10m',
      severity: 'warning',
      summary: `${who}: consumer {{ $labels.stream_name }} > {{ $labels.consumer_name }} is falling behind`,
      description: 'Messages pending for the consumer have grown for 10 minutes without draining. Its subscribers are down, too slow, or failing to acknowledge.',
    },
  ];

  const cluster: AlertRule[] = s.servers > 1 ? [
    {
      alert: 'NatsQuorumLost',
      expr: `${healthy} < ${quorum} or ${noneHealthy}`,
      for: '2m',
      severity: 'critical',
      summary: `${who}: fewer than ${quorum} of ${s.servers} servers healthy`,
      description: 'Without a majority JetStream cannot elect leaders: stream and consumer changes fail and replicated streams stop accepting messages.',
    },
    {
      alert: 'NatsJetStreamNoMetaLeader',
      expr: `count by (namespace, pod) (jetstream_server_jetstream_disabled{${sel},meta_leader=""}) > 0`,
      for: '2m',
      severity: 'critical',
      summary: `${who}: {{ $labels.pod }} sees no JetStream meta leader`,
      description: 'The JetStream meta group has no leader from this server\'s view: streams and consumers cannot be created, updated or deleted. If every server reports it, the cluster has lost quorum.',
    },
    {
      alert: 'NatsStreamWithoutLeader',
      expr: `count by (namespace, stream_name) (jetstream_stream_total_messages{${sel},stream_leader=""}) > 0`,
      for: '2m',
      severity: 'critical',
      summary: `${who}: stream {{ $labels.stream_name }} has no leader`,
      description: 'The stream\'s replicas have no quorum: publishes to it fail and its consumers stall until enough replicas are back.',
    },
  ] : [];

  return [{ name: `${s.name}.nats`, rules: [...servers, ...cluster] }];
}
