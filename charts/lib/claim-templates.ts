import { k8s } from 'cdk8s-plus-28';

/**
 * KubeStatefulSet that keeps `apiVersion`/`kind` on its volumeClaimTemplates (see lib/storage:
 * ArgoCD needs them). The generated L1 class re-serializes its props after JSON patches are
 * applied and drops both fields, so a patch cannot add them; this subclass adds them to the
 * final JSON instead.
 */
export class KubeStatefulSetWithClaimTemplates extends k8s.KubeStatefulSet {
  public toJson(): any {
    const json = super.toJson();
    const templates = json.spec?.volumeClaimTemplates;
    if (Array.isArray(templates)) {
      json.spec.volumeClaimTemplates = templates.map((t: Record<string, unknown>) => ({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', ...t }));
    }
    return json;
  }
}
