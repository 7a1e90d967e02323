import { k8s } from './k8s';
import { ResourcesSpec } from '../spec';

/**
 * Requests always; a memory limit always (equal to the request unless set: no overcommit for
 * data services); no CPU limit unless asked (limits throttle latency-sensitive servers).
 */
export function resources(spec: ResourcesSpec | undefined, defaults: { cpu: string; memory: string }): k8s.ResourceRequirements {
  const memoryRequest = spec?.memoryRequest ?? defaults.memory;
  const limits: Record<string, k8s.Quantity> = { memory: k8s.Quantity.fromString(spec?.memoryLimit ?? memoryRequest) };
  if (spec?.cpuLimit) limits.cpu = k8s.Quantity.fromString(spec.cpuLimit);
  return {
    requests: {
      cpu: k8s.Quantity.fromString(spec?.cpuRequest ?? defaults.cpu),
      memory: k8s.Quantity.fromString(memoryRequest),
    },
    limits,
  };
}
