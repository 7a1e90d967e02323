/**
 * ArgoCD annotations. Waves order the apply: namespace and policy first, then operators' CRs
 * and data components, then application services, then monitoring that needs them running.
 */
export const SyncWave = {
  NAMESPACE: -10,
  CONFIG: -5,
  DATA: 0,
  MESSAGING: 5,
  SERVICES: 10,
  EDGE: 15,
  MONITORING: 20,
} as const;

export function syncWave(wave: number): Record<string, string> {
  return { 'argocd.argoproj.io/sync-wave': String(wave) };
}

/** Objects holding data (StatefulSets, Kafka, topics, streams) are never pruned or deleted by ArgoCD. */
export function dataBearing(wave: number): Record<string, string> {
  return {
    ...syncWave(wave),
    'argocd.argoproj.io/sync-options': 'Prune=false,Delete=false',
  };
}
