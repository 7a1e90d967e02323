import { MetricSource } from './source';

/** Istio's standard metrics from the Envoy sidecars (/stats/prometheus on port 15090). */
export const ISTIO_STANDARD: MetricSource = {
  exporter: 'Istio sidecar standard metrics',
  checkedIn: 'istio/istio.io content/en/docs/reference/config/metrics/index.md',
  names: [
    'istio_requests_total',
    'istio_request_duration_milliseconds_bucket',
    'istio_request_duration_milliseconds_sum',
    'istio_request_duration_milliseconds_count',
    'istio_tcp_connections_opened_total',
    'istio_tcp_sent_bytes_total',
    'istio_tcp_received_bytes_total',
  ],
};
