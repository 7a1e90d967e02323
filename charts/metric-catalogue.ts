import { KAFKA_EXPORTER, KAFKA_JMX, STRIMZI_CLUSTER_OPERATOR } from './kafka/exporter-metrics';
import { ISTIO_STANDARD } from './lib/metrics/istio';
import { CADVISOR, KUBE_STATE_METRICS, KUBELET, PROMETHEUS_SERIES } from './lib/metrics/kubernetes';
import { MetricSource } from './lib/metrics/source';
import { NATS_EXPORTER } from './nats/exporter-metrics';
import { POSTGRES_EXPORTER } from './postgres/exporter-metrics';
import { PGBOUNCER_EXPORTER } from './postgres/pgbouncer/exporter-metrics';
import { HAPROXY_EXPORTER, REDIS_EXPORTER } from './redis/exporter-metrics';

/** Every exporter whose series the alerts and dashboards query; nothing else may be queried. */
export const METRIC_SOURCES: readonly MetricSource[] = [
  POSTGRES_EXPORTER,
  PGBOUNCER_EXPORTER,
  REDIS_EXPORTER,
  HAPROXY_EXPORTER,
  NATS_EXPORTER,
  KAFKA_JMX,
  KAFKA_EXPORTER,
  STRIMZI_CLUSTER_OPERATOR,
  ISTIO_STANDARD,
  KUBE_STATE_METRICS,
  CADVISOR,
  KUBELET,
  PROMETHEUS_SERIES,
];
