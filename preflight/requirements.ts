import type { KubernetesObject } from '../cluster/lib/client';
import { referencedSecrets, SecretReference } from '../cluster/lib/secrets';

/**
 * What a synthesized environment needs from its cluster, derived from the objects themselves (not
 * from a hand-kept list), so a new kind, StorageClass or Secret is checked as soon as it is used.
 */
export interface Requirements {
  /** Every apiVersion/kind of the objects, sorted: the cluster must serve each. */
  readonly apis: ReadonlyArray<{ apiVersion: string; kind: string }>;
  /** StorageClasses named by claims (StatefulSet templates, PVCs, Strimzi persistent-claim storage). */
  readonly storageClasses: readonly string[];
  /** Some claim names no class: the cluster needs a default StorageClass. */
  readonly needsDefaultStorageClass: boolean;
  /** A namespace is labelled for Istio sidecar injection: the pods need Istio's CNI (no NET_ADMIN init container under Pod Security "restricted"). */
  readonly mesh: boolean;
  /** Argo CD's namespace and the sync options the Applications use; undefined without Applications. */
  readonly argocd?: { readonly namespace: string; readonly syncOptions: readonly string[] };
  /** Secrets the objects read but nobody in the manifests creates. */
  readonly secrets: readonly SecretReference[];
}

export function requirementsOf(objects: readonly KubernetesObject[]): Requirements {
  const apis = new Map<string, { apiVersion: string; kind: string }>();
  for (const o of objects) apis.set(`${o.apiVersion} ${o.kind}`, { apiVersion: o.apiVersion, kind: o.kind });

  const classes = new Set<string>();
  let needsDefault = false;
  const claim = (storageClass: unknown) => {
    if (typeof storageClass === 'string' && storageClass !== '') classes.add(storageClass);
    else needsDefault = true;
  };
  for (const o of objects) {
    if (o.kind === 'PersistentVolumeClaim') claim(o.spec?.storageClassName);
    for (const t of o.kind === 'StatefulSet' ? o.spec?.volumeClaimTemplates ?? [] : []) claim(t.spec?.storageClassName);
    if (o.kind === 'KafkaNodePool') {
      const storage = o.spec?.storage ?? {};
      for (const volume of storage.type === 'jbod' ? storage.volumes ?? [] : [storage]) {
        if (volume.type === 'persistent-claim') claim(volume.class);
      }
    }
  }

  const applications = objects.filter((o) => o.kind === 'Application' && String(o.apiVersion).startsWith('argoproj.io/'));
  const syncOptions = new Set<string>();
  for (const app of applications) for (const option of app.spec?.syncPolicy?.syncOptions ?? []) syncOptions.add(String(option));
  for (const o of objects) {
    const annotation = o.metadata?.annotations?.['argocd.argoproj.io/sync-options'];
    if (typeof annotation === 'string') annotation.split(',').map((s) => s.trim()).filter(Boolean).forEach((s) => syncOptions.add(s));
  }

  return {
    apis: [...apis.values()].sort((a, b) => `${a.apiVersion} ${a.kind}`.localeCompare(`${b.apiVersion} ${b.kind}`)),
    storageClasses: [...classes].sort(),
    needsDefaultStorageClass: needsDefault,
    mesh: objects.some((o) => o.kind === 'Namespace' && o.metadata?.labels?.['istio-injection'] === 'enabled'),
    argocd: applications.length > 0 ? { namespace: applications[0].metadata?.namespace ?? 'argocd', syncOptions: [...syncOptions].sort() } : undefined,
    secrets: referencedSecrets(objects),
  };
}
