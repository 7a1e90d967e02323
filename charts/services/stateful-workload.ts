import { k8s } from '../lib/k8s';
import { Construct } from 'constructs';
import { ComponentContext } from '../lib/context';
import { dataBearing, SyncWave } from '../lib/gitops';
import { StatefulSetWithClaimKinds } from '../lib/stateful-set';
import { RETAIN_VOLUMES, volumeClaimTemplate } from '../lib/storage';
import { AppServiceSpec } from '../spec';

/** Name of the claim template: pod `<svc>-<i>` owns PVC `state-<svc>-<i>`, a name that never changes. */
export const STATE_VOLUME = 'state';

/**
 * The StatefulSet of a service with `state`. Pods start and roll one at a time (OrderedReady),
 * so a replacement never runs beside the pod whose disk it takes over. The StatefulSet is
 * data-bearing for ArgoCD (never pruned or deleted by a sync), and the claims are retained on
 * scale-down and deletion: removing state is always a human decision.
 */
export function statefulServiceWorkload(scope: Construct, id: string, ctx: ComponentContext, props: {
  name: string;
  svc: AppServiceSpec;
  labels: Record<string, string>;
  selector: Record<string, string>;
  replicas: number;
  template: (extraMounts: k8s.VolumeMount[]) => k8s.PodTemplateSpec;
}): void {
  const state = props.svc.state!;
  new StatefulSetWithClaimKinds(scope, id, {
    metadata: { name: props.name, labels: props.labels, annotations: dataBearing(SyncWave.SERVICES) },
    spec: {
      // the ClusterIP Service of the service: the pods need no per-pod DNS names
      serviceName: props.name,
      replicas: props.replicas,
      selector: { matchLabels: props.selector },
      podManagementPolicy: 'OrderedReady',
      updateStrategy: { type: 'RollingUpdate' },
      persistentVolumeClaimRetentionPolicy: RETAIN_VOLUMES,
      revisionHistoryLimit: 5,
      template: props.template([{ name: STATE_VOLUME, mountPath: state.mountPath }]),
      volumeClaimTemplates: [volumeClaimTemplate(STATE_VOLUME, state.volume, props.selector, ctx.spec.common?.storageClass)],
    },
  });
}
