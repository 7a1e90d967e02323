import { k8s } from '../lib/k8s';
import { Construct } from 'constructs';
import { ComponentContext, monitoringSettings } from '../lib/context';
import { syncWave, SyncWave } from '../lib/gitops';
import { dashboardConfigMap } from '../lib/dashboards';
import { podMonitor, prometheusRule } from '../lib/monitoring';
import { kafkaAlertGroups } from './alerts';
import { kafkaDashboard } from './dashboard';
import {
  CRUISE_CONTROL_JMX_RULES, CRUISE_CONTROL_METRICS_KEY, jmxExporterConfig, KAFKA_JMX_RULES, KAFKA_METRICS_KEY,
} from './metrics-config';
import { KafkaSettings } from './settings';

/** Port Strimzi exposes Prometheus metrics on, named `tcp-prometheus` on Kafka, Kafka Exporter and Cruise Control pods. */
export const METRICS_PORT = 9404;
/** Health and metrics ports of the Topic and User Operators in the entity operator pod. */
export const ENTITY_OPERATOR_PORTS = [8080, 8081];

/** The Strimzi Cluster Operator's pods and metrics endpoint (port `http`, 8080, path /metrics). */
export const CLUSTER_OPERATOR_SELECTOR = { 'strimzi.io/kind': 'cluster-operator' };
export const CLUSTER_OPERATOR_METRICS_PORT = 'http';

/** ConfigMap with the JMX exporter rules of the Kafka nodes and Cruise Control. */
export function metricsConfigMap(scope: Construct, props: { name: string; labels: Record<string, string>; cruiseControl: boolean }): k8s.KubeConfigMap {
  return new k8s.KubeConfigMap(scope, 'MetricsConfig', {
    metadata: { name: props.name, labels: props.labels, annotations: syncWave(SyncWave.CONFIG) },
    data: {
      [KAFKA_METRICS_KEY]: jmxExporterConfig(KAFKA_JMX_RULES),
      ...(props.cruiseControl ? { [CRUISE_CONTROL_METRICS_KEY]: jmxExporterConfig(CRUISE_CONTROL_JMX_RULES) } : {}),
    },
  });
}

/**
 * Three PodMonitors by Strimzi's pod labels: every pod of the cluster with a `tcp-prometheus` port
 * (Kafka nodes, Kafka Exporter, Cruise Control); the entity operator, whose ports are named
 * `healthcheck` up to Strimzi 1.0 and `healthcheck-to`/`healthcheck-uo` from 1.1 on (a name that
 * does not exist yields no target, so listing all three covers both); and the Cluster Operator.
 */
export function kafkaMonitors(scope: Construct, ctx: ComponentContext, props: { settings: KafkaSettings; labels: Record<string, string> }): void {
  const s = props.settings;
  podMonitor(scope, 'PodMonitor', ctx, {
    name: s.name,
    labels: props.labels,
    selector: { 'strimzi.io/cluster': s.name, 'strimzi.io/kind': 'Kafka' },
    ports: ['tcp-prometheus'],
  });
  podMonitor(scope, 'EntityOperatorPodMonitor', ctx, {
    name: `${s.name}-entity-operator`,
    labels: props.labels,
    selector: { 'strimzi.io/cluster': s.name, 'strimzi.io/name': `${s.name}-entity-operator` },
    ports: ['healthcheck-to', 'healthcheck-uo', 'healthcheck'],
  });
  // certificate expiry and reconciliation metrics come from the operator, in its own namespace;
  // Prometheus needs read access to pods there (kube-prometheus-stack's ClusterRole grants it)
  podMonitor(scope, 'ClusterOperatorPodMonitor', ctx, {
    name: `${s.name}-cluster-operator`,
    labels: props.labels,
    selector: CLUSTER_OPERATOR_SELECTOR,
    ports: [CLUSTER_OPERATOR_METRICS_PORT],
    namespace: s.operatorNamespace,
  });
  prometheusRule(scope, 'Alerts', ctx, {
    name: s.name,
    labels: props.labels,
    groups: kafkaAlertGroups(s, {
      namespace: ctx.namespace,
      volumeRatio: ctx.spec.monitoring?.thresholds?.volumeRatio ?? 0.85,
    }),
  });
  dashboardConfigMap(scope, ctx, kafkaDashboard(s, ctx.namespace), props.labels);
}

/**
 * Lets Prometheus scrape the cluster's pods through the namespace's default-deny. Strimzi writes
 * the NetworkPolicies of the Kafka listeners itself (from `networkPolicyPeers`); this one only adds
 * the metrics ports, and NetworkPolicies only ever add allowed traffic.
 */
export function metricsNetworkPolicy(scope: Construct, ctx: ComponentContext, props: { settings: KafkaSettings; labels: Record<string, string> }): k8s.KubeNetworkPolicy {
  const ports = [METRICS_PORT, ...ENTITY_OPERATOR_PORTS];
  return new k8s.KubeNetworkPolicy(scope, 'MetricsNetworkPolicy', {
    metadata: { name: `${props.settings.name}-allow-prometheus`, labels: props.labels },
    spec: {
      podSelector: { matchLabels: { 'strimzi.io/cluster': props.settings.name } },
      policyTypes: ['Ingress'],
      ingress: [{
        from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': monitoringSettings(ctx).prometheusNamespace } } }],
        ports: ports.map((port) => ({ protocol: 'TCP', port: k8s.IntOrString.fromNumber(port) })),
      }],
    },
  });
}
