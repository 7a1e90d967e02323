import type { KubernetesObject } from './client';
import { apiGroup } from './manifests';

/** Whether a live object has reached the state a sync waits for, and if not, why not. */
export type Readiness = { ready: true } | { ready: false; reason: string; failed?: boolean };

const READY: Readiness = { ready: true };
const waiting = (reason: string): Readiness => ({ ready: false, reason });

/** Kinds a sync waits for; everything else is ready once the API server accepted it. */
export function waitsFor(object: KubernetesObject, operatorGroups: ReadonlySet<string>): boolean {
  const group = apiGroup(object.apiVersion);
  if (group === 'apps' && ['Deployment', 'StatefulSet', 'DaemonSet'].includes(object.kind)) return true;
  if (group === 'batch' && object.kind === 'Job') return true;
  // connection settings, not things an operator brings up: NACK's Account never gets a status
  if (STATUSLESS_KINDS.has(`${group}/${object.kind}`)) return false;
  // custom resources report Ready only where their operator runs
  return operatorGroups.has(group);
}

/** Custom resources their operator reads but never reports on (checked on the test cluster). */
const STATUSLESS_KINDS = new Set(['jetstream.nats.io/Account']);

function condition(live: KubernetesObject, type: string): any {
  return (live.status?.conditions ?? []).find((c: any) => c.type === type);
}

/** The rollout-status rules of kubectl, and the Ready/Complete conditions of the other kinds. */
export function readinessOf(live: KubernetesObject): Readiness {
  const generation = live.metadata?.generation ?? 0;
  const status = live.status ?? {};
  if ((status.observedGeneration ?? 0) < generation && ['Deployment', 'StatefulSet', 'DaemonSet'].includes(live.kind)) {
    return waiting('controller has not observed the latest generation');
  }
  switch (live.kind) {
    case 'Deployment': {
      const want = live.spec?.replicas ?? 1;
      if ((status.updatedReplicas ?? 0) < want) return waiting(`${status.updatedReplicas ?? 0}/${want} replicas updated`);
      if ((status.replicas ?? 0) > (status.updatedReplicas ?? 0)) return waiting(`${status.replicas - status.updatedReplicas} old replicas pending termination`);
      if ((status.availableReplicas ?? 0) < want) return waiting(`${status.availableReplicas ?? 0}/${want} replicas available`);
      return READY;
    }
    case 'StatefulSet': {
      const want = live.spec?.replicas ?? 1;
      if ((status.readyReplicas ?? 0) < want) return waiting(`${status.readyReplicas ?? 0}/${want} replicas ready`);
      if (live.spec?.updateStrategy?.type !== 'OnDelete') {
        if ((status.updatedReplicas ?? 0) < want) return waiting(`${status.updatedReplicas ?? 0}/${want} replicas updated`);
        if (status.updateRevision && status.currentRevision !== status.updateRevision) return waiting('rolling update in progress');
      }
      return READY;
    }
    case 'DaemonSet': {
      const want = status.desiredNumberScheduled ?? 0;
      if ((status.updatedNumberScheduled ?? 0) < want) return waiting(`${status.updatedNumberScheduled ?? 0}/${want} pods updated`);
      if ((status.numberAvailable ?? 0) < want) return waiting(`${status.numberAvailable ?? 0}/${want} pods available`);
      return READY;
    }
    case 'Job': {
      if (condition(live, 'Complete')?.status === 'True') return READY;
      const failed = condition(live, 'Failed');
      if (failed?.status === 'True') return { ready: false, failed: true, reason: `failed: ${failed.message ?? failed.reason}` };
      return waiting(`${status.succeeded ?? 0} succeeded, ${status.active ?? 0} active`);
    }
    case 'PersistentVolumeClaim':
      return status.phase === 'Bound' ? READY : waiting(`phase ${status.phase ?? 'unknown'}`);
    default: {
      const ready = condition(live, 'Ready');
      if (ready?.status === 'True') return READY;
      return waiting(ready ? `Ready=${ready.status}: ${ready.message ?? ready.reason ?? ''}` : 'no Ready condition yet');
    }
  }
}
