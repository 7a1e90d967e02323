import { AlertThresholdsSpec, PlatformSpec } from '../spec';

/** The seeds' service-level objectives: 5xx > 5% or p95 > 2 s for 2 minutes, CPU > 80%, memory > 90%, disk > 85%, > 5 restarts an hour. */
export const THRESHOLD_DEFAULTS: Required<AlertThresholdsSpec> = {
  errorRatio: 0.05,
  p95LatencySeconds: 2,
  cpuRatio: 0.8,
  memoryRatio: 0.9,
  volumeRatio: 0.85,
  restartsPerHour: 5,
};

export function resolveThresholds(spec: PlatformSpec): Required<AlertThresholdsSpec> {
  const t = spec.monitoring?.thresholds ?? {};
  return {
    errorRatio: t.errorRatio ?? THRESHOLD_DEFAULTS.errorRatio,
    p95LatencySeconds: t.p95LatencySeconds ?? THRESHOLD_DEFAULTS.p95LatencySeconds,
    cpuRatio: t.cpuRatio ?? THRESHOLD_DEFAULTS.cpuRatio,
    memoryRatio: t.memoryRatio ?? THRESHOLD_DEFAULTS.memoryRatio,
    volumeRatio: t.volumeRatio ?? THRESHOLD_DEFAULTS.volumeRatio,
    restartsPerHour: t.restartsPerHour ?? THRESHOLD_DEFAULTS.restartsPerHour,
  };
}

/** 0.05 -> "5%": thresholds quoted in alert descriptions. */
export function percent(ratio: number): string {
  return `${Number((ratio * 100).toFixed(2))}%`;
}
