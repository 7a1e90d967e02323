import { k8s } from './k8s';

/**
 * KubeStatefulSet whose volumeClaimTemplates keep `apiVersion: v1` and `kind: PersistentVolumeClaim`
 * (see volumeClaimTemplate in storage.ts). The L1 class maps its props through a field list that
 * has no place for them, after JSON patches are applied, so neither the props nor addJsonPatch
 * can keep them; they are put back here, on the final JSON.
 */
export class StatefulSetWithClaimKinds extends k8s.KubeStatefulSet {
  public toJson(): any {
    const json = super.toJson();
    const templates = json?.spec?.volumeClaimTemplates;
    if (Array.isArray(templates)) {
      json.spec.volumeClaimTemplates = templates.map((t: Record<string, unknown>) => ({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', ...t }));
    }
    return json;
  }
}
