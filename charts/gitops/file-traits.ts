/**
 * What an ArgoCD Application needs to know about one chart file, read off its objects so the
 * components never have to declare it twice.
 */
export interface FileTraits {
  /** Lowest sync wave among the file's objects: the Application's own wave. */
  readonly wave: number;
  /** Holds objects ArgoCD must never prune or delete (volumes, topics, streams, namespaces). */
  readonly dataBearing: boolean;
  /** Holds custom resources whose CRDs come from an operator installed separately. */
  readonly customResources: boolean;
  /** Deployments whose replica count an HPA owns. */
  readonly autoscaledDeployments: string[];
  /** Namespaces the file's objects name, sorted (cluster-scoped objects name none). */
  readonly namespaces: string[];
  /** API group and kind of each object, once each, sorted: what an AppProject must admit. */
  readonly kinds: Array<{ group: string; kind: string }>;
}

const BUILT_IN_GROUPS = /^(v1|apps\/v1|batch\/v1|policy\/v1|networking\.k8s\.io\/v1|rbac\.authorization\.k8s\.io\/v1|autoscaling\/v2)$/;

type Obj = Record<string, any>;

export function fileTraits(objects: readonly Obj[]): FileTraits {
  const waves = objects.map((o) => Number(o.metadata?.annotations?.['argocd.argoproj.io/sync-wave'] ?? 0));
  return {
    wave: waves.length ? Math.min(...waves) : 0,
    dataBearing: objects.some((o) => /Prune=false/.test(o.metadata?.annotations?.['argocd.argoproj.io/sync-options'] ?? '')),
    customResources: objects.some((o) => !BUILT_IN_GROUPS.test(String(o.apiVersion))),
    autoscaledDeployments: objects
      .filter((o) => o.kind === 'HorizontalPodAutoscaler' && o.spec?.scaleTargetRef?.kind === 'Deployment')
      .map((o) => String(o.spec.scaleTargetRef.name))
      .sort(),
    namespaces: [...new Set(objects.map((o) => o.metadata?.namespace).filter((n): n is string => typeof n === 'string'))].sort(),
    kinds: [...new Set(objects.map((o) => `${groupOf(String(o.apiVersion))}/${o.kind}`))].sort()
      .map((gk) => ({ group: gk.slice(0, gk.lastIndexOf('/')), kind: gk.slice(gk.lastIndexOf('/') + 1) })),
  };
}

/** "networking.istio.io/v1alpha3" -> "networking.istio.io"; "v1" (the core group) -> "". */
function groupOf(apiVersion: string): string {
  return apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
}
