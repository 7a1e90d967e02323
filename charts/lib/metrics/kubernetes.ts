import { MetricSource } from './source';

/** kube-state-metrics as kube-prometheus-stack deploys it (v2 names). */
export const KUBE_STATE_METRICS: MetricSource = {
  exporter: 'kube-state-metrics v2',
  checkedIn: 'kubernetes/kube-state-metrics docs/metrics/workload/{pod,cronjob,deployment,statefulset}-metrics.md',
  names: [
    'kube_pod_container_status_restarts_total',
    'kube_pod_container_resource_limits',
    'kube_pod_container_resource_requests',
    'kube_pod_status_ready',
    'kube_pod_container_status_waiting_reason',
    'kube_cronjob_status_last_successful_time',
    'kube_cronjob_created',
    'kube_deployment_spec_replicas',
    'kube_deployment_status_replicas_available',
    'kube_statefulset_replicas',
    'kube_statefulset_status_replicas_ready',
  ],
};

/**
 * cAdvisor through the kubelet (/metrics/cadvisor). kube-prometheus-stack drops some cAdvisor
 * series at scrape time (container_cpu_cfs_throttled_seconds_total, container_spec_*, ...): none
 * of those are listed.
 */
export const CADVISOR: MetricSource = {
  exporter: 'cAdvisor in the kubelet, as scraped by kube-prometheus-stack',
  checkedIn: 'google/cadvisor docs/storage/prometheus.md; prometheus-community/helm-charts charts/kube-prometheus-stack/values.yaml (cAdvisorMetricRelabelings)',
  names: [
    'container_cpu_usage_seconds_total',
    'container_memory_working_set_bytes',
    'container_network_receive_bytes_total',
    'container_network_transmit_bytes_total',
  ],
};

/** The kubelet's own /metrics: volume usage per PersistentVolumeClaim. */
export const KUBELET: MetricSource = {
  exporter: 'kubelet',
  checkedIn: 'kubernetes/kubernetes pkg/kubelet/metrics/collectors/volume_stats.go',
  names: ['kubelet_volume_stats_used_bytes', 'kubelet_volume_stats_capacity_bytes', 'kubelet_volume_stats_available_bytes'],
};

/** Series Prometheus writes itself: one per scrape target, one per pending or firing alert. */
export const PROMETHEUS_SERIES: MetricSource = {
  exporter: 'Prometheus (per-target series)',
  checkedIn: 'prometheus/prometheus docs/configuration/alerting_rules.md (ALERTS), docs/concepts/jobs_instances.md (up)',
  names: ['up', 'ALERTS'],
};
