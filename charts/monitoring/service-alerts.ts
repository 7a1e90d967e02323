import { AlertGroup } from '../lib/monitoring';
import { AlertThresholdsSpec } from '../spec';
import { percent } from './thresholds';

/** Rate window of the request alerts; `for` then asks the condition to hold for the seeds' 2 minutes. */
const WINDOW = '5m';

/**
 * Request-level SLO alerts for every HTTP/gRPC service of the namespace, from the Istio
 * sidecars' standard metrics as the server side reports them (reporter="destination", so
 * traffic from the ingress gateway counts too). WebSocket upgrades (response code 101) are left
 * out of the latency quantile: their "duration" is the lifetime of the socket.
 */
export function serviceAlertGroup(namespace: string, t: Required<AlertThresholdsSpec>): AlertGroup {
  const requests = (extra: string) =>
    `istio_requests_total{reporter="destination", destination_service_namespace="${namespace}"${extra}}`;
  const buckets = `istio_request_duration_milliseconds_bucket{reporter="destination", destination_service_namespace="${namespace}", response_code!="101"}`;
  return {
    name: 'service-slos',
    rules: [
      {
        alert: 'ServiceErrorRateHigh',
        expr: [
          '(',
          `  sum by (destination_service_name) (rate(${requests(', response_code=~"5.."')}[${WINDOW}]))`,
          '/',
          `  sum by (destination_service_name) (rate(${requests('')}[${WINDOW}]))`,
          `) > ${t.errorRatio}`,
        ].join('\n'),
        for: '2m',
        severity: 'critical',
        summary: '{{ $labels.destination_service_name }}: many requests fail with 5xx.',
        description: `{{ $value | humanizePercentage }} of requests to {{ $labels.destination_service_name }} failed with a 5xx status over the last ${WINDOW} (threshold ${percent(t.errorRatio)}).`,
      },
      {
        alert: 'ServiceLatencyP95High',
        expr: [
          'histogram_quantile(0.95,',
          `  sum by (destination_service_name, le) (rate(${buckets}[${WINDOW}]))`,
          `) / 1000 > ${t.p95LatencySeconds}`,
        ].join('\n'),
        for: '2m',
        severity: 'warning',
        summary: '{{ $labels.destination_service_name }}: p95 latency is high.',
        description: `The 95th percentile response time of {{ $labels.destination_service_name }} is {{ $value | humanizeDuration }} (threshold ${t.p95LatencySeconds}s).`,
      },
    ],
  };
}
