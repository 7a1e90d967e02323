import { Requirements } from './requirements';

/** A GET of an API server path as JSON; undefined when the server answers 404. */
export type Get = (path: string) => Promise<any | undefined>;

/** What preflight learned from the cluster: only what the requirements ask about, Secret keys without values. */
export interface ClusterFacts {
  readonly version: { readonly major: number; readonly minor: number; readonly gitVersion: string };
  /** Kinds served per apiVersion the objects use; undefined when the apiVersion is not served at all. */
  readonly served: ReadonlyMap<string, ReadonlySet<string> | undefined>;
  /** The istio-cni-node DaemonSet, wherever it runs. */
  readonly istioCni?: { readonly namespace: string; readonly desired: number; readonly ready: number };
  /** Where Argo CD's version was read, and the version text found there. */
  readonly argocd?: { readonly source: string; readonly version?: string };
  readonly storageClasses: ReadonlyArray<{ readonly name: string; readonly isDefault: boolean }>;
  /** Keys of each referenced Secret by "namespace/name"; undefined when the Secret does not exist. */
  readonly secretKeys: ReadonlyMap<string, readonly string[] | undefined>;
}

const DEFAULT_CLASS_ANNOTATIONS = ['storageclass.kubernetes.io/is-default-class', 'storageclass.beta.kubernetes.io/is-default-class'];
/** Argo CD's components, in the order preflight reads the version from them. */
const ARGOCD_WORKLOADS = [['deployments', 'argocd-server'], ['statefulsets', 'argocd-application-controller'], ['deployments', 'argocd-repo-server']];

export async function gatherFacts(get: Get, req: Requirements): Promise<ClusterFacts> {
  const version = await get('/version');
  const served = new Map<string, Set<string> | undefined>();
  for (const apiVersion of new Set(req.apis.map((a) => a.apiVersion))) {
    const list = await get(apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`);
    served.set(apiVersion, list ? new Set<string>((list.resources ?? []).map((r: { kind: string }) => r.kind)) : undefined);
  }

  let istioCni: ClusterFacts['istioCni'];
  if (req.mesh) {
    const daemonSets = await get('/apis/apps/v1/daemonsets?fieldSelector=metadata.name%3Distio-cni-node');
    const ds = daemonSets?.items?.[0];
    if (ds) istioCni = { namespace: ds.metadata.namespace, desired: ds.status?.desiredNumberScheduled ?? 0, ready: ds.status?.numberReady ?? 0 };
  }

  let argocd: ClusterFacts['argocd'];
  if (req.argocd) {
    for (const [resource, name] of ARGOCD_WORKLOADS) {
      const workload = await get(`/apis/apps/v1/namespaces/${req.argocd.namespace}/${resource}/${name}`);
      if (!workload) continue;
      const label = workload.metadata?.labels?.['app.kubernetes.io/version'];
      const image = (workload.spec?.template?.spec?.containers ?? [])[0]?.image as string | undefined;
      const tag = image?.includes(':') ? image.slice(image.lastIndexOf(':') + 1) : undefined;
      argocd = { source: `${resource}/${name} in namespace ${req.argocd.namespace}`, version: label ?? tag };
      break;
    }
  }

  const classes = (await get('/apis/storage.k8s.io/v1/storageclasses'))?.items ?? [];
  const storageClasses = classes.map((c: any) => ({
    name: c.metadata.name,
    isDefault: DEFAULT_CLASS_ANNOTATIONS.some((a) => c.metadata.annotations?.[a] === 'true'),
  }));

  const secretKeys = new Map<string, string[] | undefined>();
  for (const s of req.secrets) {
    const secret = await get(`/api/v1/namespaces/${s.namespace}/secrets/${s.name}`);
    // only the key names leave this function; values are never read further or printed
    secretKeys.set(`${s.namespace}/${s.name}`, secret ? Object.keys({ ...(secret.data ?? {}), ...(secret.stringData ?? {}) }).sort() : undefined);
  }

  return {
    version: { major: Number(String(version?.major).replace(/\D/g, '')), minor: Number(String(version?.minor).replace(/\D/g, '')), gitVersion: String(version?.gitVersion) },
    served,
    istioCni,
    argocd,
    storageClasses,
    secretKeys,
  };
}
