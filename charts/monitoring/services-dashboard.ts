import { DashboardSpec, resourcePanels } from '../lib/dashboards';
import { AlertThresholdsSpec } from '../spec';

/**
 * The application services as their Istio sidecars report them (server side, so traffic from
 * the gateway counts too): rate, errors and latency per service, then resources per pod.
 */
export function servicesDashboard(namespace: string, services: readonly string[], t: Required<AlertThresholdsSpec>): DashboardSpec {
  // a Deployment's pods are <deployment>-<replicaset hash>-<pod hash>; every service is a Deployment of its name
  const pods = `namespace="${namespace}",pod=~"(${services.join('|')})-[a-z0-9]+-[a-z0-9]+"`;
  const requests = `reporter="destination",destination_service_namespace="${namespace}"`;
  return {
    component: 'services',
    title: 'Application services',
    description: `Request rate, errors and latency of every service in ${namespace}, from the Istio sidecars' standard metrics (WebSocket upgrades left out of latency), and the pods' resources.`,
    rows: [
      {
        title: 'Requests',
        panels: [
          { title: 'Requests per second', description: 'Requests each service received.', unit: 'reqps', queries: [{ expr: `sum by (destination_service_name) (rate(istio_requests_total{${requests}}[$__rate_interval]))`, legend: '{{destination_service_name}}' }] },
          { title: '5xx ratio', description: `Share of requests answered with a 5xx status (alert above ${t.errorRatio}).`, unit: 'percentunit', queries: [{ expr: `sum by (destination_service_name) (rate(istio_requests_total{${requests},response_code=~"5.."}[$__rate_interval])) / sum by (destination_service_name) (rate(istio_requests_total{${requests}}[$__rate_interval]))`, legend: '{{destination_service_name}}' }] },
          { title: 'Latency p95', description: `95th percentile response time (alert above ${t.p95LatencySeconds} s).`, unit: 's', queries: [{ expr: `histogram_quantile(0.95, sum by (destination_service_name, le) (rate(istio_request_duration_milliseconds_bucket{${requests},response_code!="101"}[$__rate_interval]))) / 1000`, legend: '{{destination_service_name}}' }] },
          { title: 'Requests by status class', description: 'Requests per second by response code class, all services.', unit: 'reqps', queries: [{ expr: `sum by (response_code) (rate(istio_requests_total{${requests}}[$__rate_interval]))`, legend: '{{response_code}}' }] },
          { title: 'TCP connections opened per second', description: 'Plain TCP traffic (databases, brokers) the sidecars carry, per destination service.', unit: 'ops', queries: [{ expr: `sum by (destination_service_name) (rate(istio_tcp_connections_opened_total{${requests}}[$__rate_interval]))`, legend: '{{destination_service_name}}' }] },
        ],
      },
      { title: 'Resources', panels: resourcePanels(pods) },
    ],
  };
}
