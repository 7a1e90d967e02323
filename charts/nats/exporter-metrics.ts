import { MetricSource } from '../lib/metrics/source';

/** prometheus-nats-exporter beside each server (image in images.ts), with -varz -jsz=all -healthz -healthz_js_server_only. */
export const NATS_EXPORTER: MetricSource = {
  exporter: 'prometheus-nats-exporter 0.20.1',
  checkedIn: 'nats-io/prometheus-nats-exporter collector/{collector,jsz,healthz}.go, test/jsz_test.go',
  names: [
    'gnatsd_varz_connections',
    'gnatsd_varz_in_msgs',
    'gnatsd_varz_out_msgs',
    'gnatsd_varz_in_bytes',
    'gnatsd_varz_out_bytes',
    'gnatsd_varz_slow_consumers',
    'gnatsd_varz_jetstream_stats_storage',
    'gnatsd_varz_jetstream_stats_memory',
    'gnatsd_varz_jetstream_config_max_storage',
    'gnatsd_varz_jetstream_config_max_memory',
    'gnatsd_healthz_status',
    'gnatsd_healthz_js_server_only_status',
    'jetstream_server_jetstream_disabled',
    'jetstream_stream_total_messages',
    'jetstream_stream_total_bytes',
    'jetstream_consumer_num_pending',
    'jetstream_consumer_num_ack_pending',
    'jetstream_consumer_num_redelivered',
  ],
};
