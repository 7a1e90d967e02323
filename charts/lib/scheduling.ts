import { k8s } from './k8s';

/**
 * Spread replicas: required anti-affinity on hostname would leave pods Pending on small (kind,
 * dev) clusters, so anti-affinity is preferred unless `requireSeparateNodes` asks for it, and a
 * topology spread constraint with ScheduleAnyway covers zones; maxSkew 1 keeps members balanced.
 */
export function spreadAcrossNodes(selector: Record<string, string>, zones: boolean, requireSeparateNodes = false): {
  affinity: k8s.Affinity;
  topologySpreadConstraints: k8s.TopologySpreadConstraint[];
} {
  const constraints: k8s.TopologySpreadConstraint[] = [
    { maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: selector } },
  ];
  if (zones) {
    constraints.push({ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: selector } });
  }
  const term = { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: selector } };
  return {
    affinity: {
      podAntiAffinity: requireSeparateNodes
        ? { requiredDuringSchedulingIgnoredDuringExecution: [term] }
        : { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: term }] },
    },
    topologySpreadConstraints: constraints,
  };
}
