/**
 * Versions the manifests are built and tested for. Kubernetes: the 1.28 schemas validate every
 * object offline and the cluster tests apply every object to kube-apiserver 1.28 and 1.33.
 */
export const KUBERNETES_MIN = { major: 1, minor: 28 };
export const KUBERNETES_MAX = { major: 1, minor: 33 };

/**
 * The Argo CD release that introduced each sync option the Applications may use: Prune=false and
 * SkipDryRunOnMissingResource as marked in Argo CD's sync-options documentation (up to 2.10),
 * RespectIgnoreDifferences with 2.3 (argoproj/argo-cd#8390, early 2022), ServerSideApply with 2.5.
 * An older Argo CD ignores an option it does not know, so the sync would silently fall back to
 * client-side apply or overwrite ignored fields.
 */
export const ARGOCD_SYNC_OPTION_SINCE: Readonly<Record<string, string>> = {
  'Prune=false': '1.1.0',
  'SkipDryRunOnMissingResource=true': '1.6.0',
  'RespectIgnoreDifferences=true': '2.3.0',
  'ServerSideApply=true': '2.5.0',
};

/** "v2.10.4", "2.10.4-rc1" -> [2, 10, 4]; undefined when no version is in the text. */
export function parseVersion(text: string | undefined): [number, number, number] | undefined {
  const m = /v?(\d+)\.(\d+)(?:\.(\d+))?/.exec(text ?? '');
  return m ? [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)] : undefined;
}

export function compareVersions(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
