import { AlertGroup } from '../lib/monitoring';
import { AlertThresholdsSpec } from '../spec';
import { percent } from './thresholds';

/**
 * Resource alerts for every workload of the namespace (services and data components alike),
 * from kube-state-metrics, cAdvisor and kubelet volume stats as kube-prometheus-stack scrapes
 * them. CPU is measured against the limit where a container has one, else against its
 * request (most containers here have no CPU limit by design). Series are aggregated to
 * namespace/pod/container first, so exporter and scrape labels (instance, job) never split
 * or duplicate an alert.
 */
export function workloadAlertGroup(namespace: string, t: Required<AlertThresholdsSpec>): AlertGroup {
  const containers = `namespace="${namespace}", container!="", container!="POD"`;
  const byContainer = 'by (namespace, pod, container)';
  const onContainer = 'on (namespace, pod, container)';
  const byClaim = 'by (namespace, persistentvolumeclaim)';
  return {
    name: 'workload-resources',
    rules: [
      {
        alert: 'PodRestartsHigh',
        expr: `sum ${byContainer} (increase(kube_pod_container_status_restarts_total{namespace="${namespace}"}[1h])) > ${t.restartsPerHour}`,
        severity: 'warning',
        summary: '{{ $labels.pod }}/{{ $labels.container }} keeps restarting.',
        description: `Container {{ $labels.container }} of pod {{ $labels.pod }} restarted {{ $value | humanize }} times in the last hour (threshold ${t.restartsPerHour}).`,
      },
      {
        alert: 'ContainerCpuHigh',
        expr: [
          '(',
          `  sum ${byContainer} (rate(container_cpu_usage_seconds_total{${containers}}[5m]))`,
          `/ ${onContainer}`,
          '  (',
          `    max ${byContainer} (kube_pod_container_resource_limits{namespace="${namespace}", resource="cpu"})`,
          `    or ${onContainer}`,
          `    max ${byContainer} (kube_pod_container_resource_requests{namespace="${namespace}", resource="cpu"})`,
          '  )',
          `) > ${t.cpuRatio}`,
        ].join('\n'),
        for: '10m',
        severity: 'warning',
        summary: '{{ $labels.pod }}/{{ $labels.container }} uses most of its CPU.',
        description: `Container {{ $labels.container }} of pod {{ $labels.pod }} has used {{ $value | humanizePercentage }} of its CPU limit (or request, without a limit) for 10 minutes (threshold ${percent(t.cpuRatio)}).`,
      },
      {
        alert: 'ContainerMemoryNearLimit',
        expr: [
          '(',
          `  max ${byContainer} (container_memory_working_set_bytes{${containers}})`,
          `/ ${onContainer}`,
          `  max ${byContainer} (kube_pod_container_resource_limits{namespace="${namespace}", resource="memory"})`,
          `) > ${t.memoryRatio}`,
        ].join('\n'),
        for: '5m',
        severity: 'warning',
        summary: '{{ $labels.pod }}/{{ $labels.container }} is close to its memory limit.',
        description: `Container {{ $labels.container }} of pod {{ $labels.pod }} uses {{ $value | humanizePercentage }} of its memory limit (threshold ${percent(t.memoryRatio)}); at the limit it is OOM-killed.`,
      },
      {
        alert: 'PersistentVolumeFillingUp',
        expr: [
          '(',
          `  max ${byClaim} (kubelet_volume_stats_used_bytes{namespace="${namespace}"})`,
          `/ on (namespace, persistentvolumeclaim)`,
          `  max ${byClaim} (kubelet_volume_stats_capacity_bytes{namespace="${namespace}"})`,
          `) > ${t.volumeRatio}`,
        ].join('\n'),
        for: '5m',
        severity: 'warning',
        summary: 'Volume {{ $labels.persistentvolumeclaim }} is filling up.',
        description: `PersistentVolumeClaim {{ $labels.persistentvolumeclaim }} is {{ $value | humanizePercentage }} full (threshold ${percent(t.volumeRatio)}).`,
      },
    ],
  };
}
