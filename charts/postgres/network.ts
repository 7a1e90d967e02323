import { k8s } from '../lib/k8s';
import { Construct } from 'constructs';
import { ComponentContext, meshEnabled } from '../lib/context';
import { tcpDestinationRule } from '../lib/mesh';
import { metricsPortsPermissive } from '../lib/metrics-mtls';
import { allowIngress } from '../lib/network';
import { poolerClientSelector } from './pgbouncer/settings';
import { reconcileLabels } from './reconcile';
import { PORTS, PostgresSettings } from './settings';

/**
 * Ingress on top of the namespace's default-deny: members, services that talk to "postgres" and
 * the PgBouncer pods and the reconcile Job reach 5432, Prometheus the exporter; a second policy
 * keeps Patroni's REST API (switchover, restart, failsafe calls) to the members and the reconcile Job.
 */
export function postgresNetworkPolicies(scope: Construct, ctx: ComponentContext, s: PostgresSettings): void {
  allowIngress(scope, 'AllowClients', ctx, {
    name: s.name,
    labels: s.labels,
    podSelector: s.selector,
    ports: [PORTS.postgres],
    metricsPorts: [PORTS.metrics],
    calledAs: 'postgres',
    extraClients: [...(s.spec.pgbouncer ? [poolerClientSelector(s.name)] : []), reconcileLabels(s).selector],
  });
  new k8s.KubeNetworkPolicy(scope, 'AllowPatroniApi', {
    metadata: { name: s.names.patroniApiPolicy, labels: s.labels },
    spec: {
      podSelector: { matchLabels: s.selector },
      policyTypes: ['Ingress'],
      // the members, and the reconcile Job (PATCH /config)
      ingress: [{ from: [{ podSelector: { matchLabels: s.selector } }, { podSelector: { matchLabels: reconcileLabels(s).selector } }], ports: [{ protocol: 'TCP', port: k8s.IntOrString.fromNumber(PORTS.patroni) }] }],
    },
  });
}

/** Mesh policy: connection limits and mTLS for the role Services; under STRICT mTLS the exporter port also accepts Prometheus without a sidecar. */
export function postgresMeshPolicies(scope: Construct, ctx: ComponentContext, s: PostgresSettings): void {
  if (!meshEnabled(ctx)) return;
  tcpDestinationRule(scope, 'PrimaryTraffic', ctx, { name: s.names.primary, labels: s.labels, host: s.names.primary });
  tcpDestinationRule(scope, 'ReplicaTraffic', ctx, { name: s.names.replicas, labels: s.labels, host: s.names.replicas });
  metricsPortsPermissive(scope, 'MetricsMtls', ctx, { name: s.names.metricsMtls, labels: s.labels, selector: s.selector, ports: [PORTS.metrics] });
}
