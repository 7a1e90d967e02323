import { DashboardSpec, resourcePanels } from '../lib/dashboards';
import { natsSelector } from './alerts';
import { NatsSettings } from './settings';
import { DATA_VOLUME } from './statefulset';

/** The NATS servers and JetStream: health, storage against its limits, traffic, consumers. */
export function natsDashboard(s: NatsSettings): DashboardSpec {
  const sel = natsSelector(s);
  const volumes = `namespace="${s.namespace}",persistentvolumeclaim=~"${DATA_VOLUME}-${s.name}-[0-9]+"`;
  return {
    component: 'nats',
    title: `NATS ${s.name}`,
    description: `NATS JetStream cluster ${s.name} (${s.servers} servers): health, JetStream storage, message rates, streams and consumers, from prometheus-nats-exporter.`,
    rows: [
      {
        title: 'Servers and JetStream',
        panels: [
          { title: 'Healthy JetStream servers', description: `Servers whose /healthz?js-server-only=true passes (${s.servers} configured).`, unit: 'short', stat: true, queries: [{ expr: `count(gnatsd_healthz_js_server_only_status{${sel}} == 0) or vector(0)`, legend: 'healthy' }] },
          { title: 'Servers with JetStream disabled', description: 'A server disables JetStream when its store is unusable.', unit: 'short', stat: true, queries: [{ expr: `sum(jetstream_server_jetstream_disabled{${sel}})`, legend: 'disabled' }] },
          { title: 'Client connections', description: 'Connections per server.', unit: 'short', stat: true, queries: [{ expr: `sum(gnatsd_varz_connections{${sel}})`, legend: 'connections' }] },
          { title: 'Slow consumers (1 h)', description: 'Clients cut off for not reading fast enough; their core NATS messages were dropped.', unit: 'short', stat: true, queries: [{ expr: `sum(increase(gnatsd_varz_slow_consumers{${sel}}[1h]))`, legend: 'slow consumers' }] },
          { title: 'JetStream file store used', description: 'Stored bytes against max_file_store; at 100% publishes are refused.', unit: 'percentunit', queries: [{ expr: `max by (pod) (gnatsd_varz_jetstream_stats_storage{${sel}}) / max by (pod) (gnatsd_varz_jetstream_config_max_storage{${sel}} > 0)`, legend: '{{pod}}' }] },
          { title: 'JetStream memory store used', description: 'Memory-stream bytes against max_memory_store.', unit: 'percentunit', queries: [{ expr: `max by (pod) (gnatsd_varz_jetstream_stats_memory{${sel}}) / max by (pod) (gnatsd_varz_jetstream_config_max_memory{${sel}} > 0)`, legend: '{{pod}}' }] },
        ],
      },
      {
        title: 'Traffic, streams and consumers',
        panels: [
          { title: 'Messages per second', description: 'Messages in and out of each server (clients, routes and JetStream).', unit: 'ops', queries: [
            { expr: `sum by (pod) (rate(gnatsd_varz_in_msgs{${sel}}[$__rate_interval]))`, legend: '{{pod}} in' },
            { expr: `sum by (pod) (rate(gnatsd_varz_out_msgs{${sel}}[$__rate_interval]))`, legend: '{{pod}} out' },
          ] },
          { title: 'Bytes per second', description: 'Bytes in and out of each server.', unit: 'Bps', queries: [
            { expr: `sum by (pod) (rate(gnatsd_varz_in_bytes{${sel}}[$__rate_interval]))`, legend: '{{pod}} in' },
            { expr: `sum by (pod) (rate(gnatsd_varz_out_bytes{${sel}}[$__rate_interval]))`, legend: '{{pod}} out' },
          ] },
          { title: 'Messages per stream', description: 'Messages held by each stream (largest replica).', unit: 'short', queries: [{ expr: `max by (stream_name) (jetstream_stream_total_messages{${sel}})`, legend: '{{stream_name}}' }] },
          { title: 'Bytes per stream', description: 'Bytes held by each stream (largest replica).', unit: 'bytes', queries: [{ expr: `max by (stream_name) (jetstream_stream_total_bytes{${sel}})`, legend: '{{stream_name}}' }] },
          { title: 'Pending per consumer', description: 'Messages not yet delivered to each consumer; steady growth means its subscribers fall behind.', unit: 'short', queries: [{ expr: `max by (stream_name, consumer_name) (jetstream_consumer_num_pending{${sel}})`, legend: '{{stream_name}} > {{consumer_name}}' }] },
          { title: 'Unacknowledged and redelivered', description: 'Messages delivered but not acknowledged, and messages redelivered, per consumer.', unit: 'short', queries: [
            { expr: `max by (stream_name, consumer_name) (jetstream_consumer_num_ack_pending{${sel}})`, legend: '{{stream_name}} > {{consumer_name}} ack pending' },
            { expr: `max by (stream_name, consumer_name) (jetstream_consumer_num_redelivered{${sel}})`, legend: '{{stream_name}} > {{consumer_name}} redelivered' },
          ] },
        ],
      },
      { title: 'Resources', panels: resourcePanels(sel, volumes) },
    ],
  };
}
