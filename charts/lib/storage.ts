import { k8s } from './k8s';
import { VolumeSpec } from '../spec';

/**
 * volumeClaimTemplates carry apiVersion/kind: the API server adds them, and without them in Git
 * ArgoCD reports the StatefulSet OutOfSync forever. The L1 StatefulSet's JSON mapping drops both
 * fields, so use StatefulSetWithClaimKinds (./stateful-set) for any StatefulSet with templates. Labels are the stable selector subset only,
 * because the template is immutable: a version label here would block every upgrade.
 */
export function volumeClaimTemplate(name: string, volume: VolumeSpec, labels: Record<string, string>, defaultClass?: string): k8s.KubePersistentVolumeClaimProps & { apiVersion: string; kind: string } {
  const storageClassName = volume.storageClass ?? defaultClass;
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name, labels },
    spec: {
      accessModes: ['ReadWriteOnce'],
      ...(storageClassName ? { storageClassName } : {}),
      resources: { requests: { storage: k8s.Quantity.fromString(volume.size) } },
    },
  };
}

/** PVCs outlive the StatefulSet and its scale-downs; deleting data is always a human decision. */
export const RETAIN_VOLUMES: k8s.StatefulSetPersistentVolumeClaimRetentionPolicy = {
  whenDeleted: 'Retain',
  whenScaled: 'Retain',
};
