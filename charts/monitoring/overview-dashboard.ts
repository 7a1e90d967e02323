import { DashboardSpec, PanelSpec, resourcePanels } from '../lib/dashboards';
import { PlatformSpec } from '../spec';

/**
 * The platform at a glance: firing alerts and scrape health of the namespace, one availability
 * figure per component the platform has, and the namespace's resources. Queries select by
 * namespace only, so the overview needs nothing from the components but their presence.
 */
export function overviewDashboard(namespace: string, spec: PlatformSpec, requestMetrics: boolean): DashboardSpec {
  const ns = `namespace="${namespace}"`;
  const up = (title: string, description: string, expr: string): PanelSpec => ({ title, description, unit: 'short', stat: true, queries: [{ expr, legend: title }] });
  const components: PanelSpec[] = [
    ...(spec.postgres ? [up('Postgres members up', 'Members whose exporter can query PostgreSQL.', `sum(pg_up{${ns}})`)] : []),
    ...(spec.postgres?.pgbouncer ? [up('PgBouncer poolers up', 'Pooler pods whose exporter reaches PgBouncer.', `sum(pgbouncer_up{${ns}})`)] : []),
    ...(spec.redis ? [up('Redis masters', 'Data pods reporting role master; exactly 1 is healthy.', `count(redis_instance_info{${ns},role="master"}) or vector(0)`)] : []),
    ...(spec.nats ? [up('NATS healthy servers', 'Servers whose JetStream health check passes.', `count(gnatsd_healthz_js_server_only_status{${ns}} == 0) or vector(0)`)] : []),
    ...(spec.kafka ? [up('Kafka active controllers', 'Exactly 1 is healthy.', `sum(kafka_controller_kafkacontroller_activecontrollercount{${ns}})`)] : []),
  ];
  const requests = `reporter="destination",destination_service_namespace="${namespace}"`;
  const traffic: PanelSpec[] = requestMetrics ? [
    { title: 'Requests per second', description: 'Requests all services received.', unit: 'reqps', queries: [{ expr: `sum(rate(istio_requests_total{${requests}}[$__rate_interval]))`, legend: 'requests' }] },
    { title: '5xx ratio', description: 'Share of all requests answered with a 5xx status.', unit: 'percentunit', queries: [{ expr: `sum(rate(istio_requests_total{${requests},response_code=~"5.."}[$__rate_interval])) / sum(rate(istio_requests_total{${requests}}[$__rate_interval]))`, legend: '5xx' }] },
  ] : [];
  return {
    component: 'overview',
    title: 'Platform overview',
    description: `Everything in namespace ${namespace} at a glance: firing alerts, scrape targets, component availability, traffic and resources. Each component has its own dashboard with the detail.`,
    rows: [
      {
        title: 'Alerts and scraping',
        panels: [
          { title: 'Firing alerts', description: 'Alerts firing now for this namespace, by severity.', unit: 'short', stat: true, queries: [{ expr: `count by (severity) (ALERTS{${ns},alertstate="firing"})`, legend: '{{severity}}' }] },
          { title: 'Pods not ready', description: 'Pods whose Ready condition is false.', unit: 'short', stat: true, queries: [{ expr: `sum(kube_pod_status_ready{${ns},condition="false"})`, legend: 'not ready' }] },
          { title: 'Scrape targets down', description: 'Targets of this namespace Prometheus cannot scrape.', unit: 'short', stat: true, queries: [{ expr: `count(up{${ns}} == 0) or vector(0)`, legend: 'down' }] },
          { title: 'Firing and pending alerts', description: 'Every alert of the namespace over time.', unit: 'short', queries: [{ expr: `count by (alertname, alertstate) (ALERTS{${ns}})`, legend: '{{alertname}} ({{alertstate}})' }] },
        ],
      },
      ...(components.length + traffic.length > 0 ? [{ title: 'Components and traffic', panels: [...components, ...traffic] }] : []),
      { title: 'Resources (every pod of the namespace)', panels: resourcePanels(ns, ns) },
    ],
  };
}
