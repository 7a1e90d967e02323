import { k8s } from '../lib/k8s';
import { Construct } from 'constructs';
import { ComponentContext, meshEnabled } from '../lib/context';
import { syncWave, SyncWave } from '../lib/gitops';
import { objectLabels } from '../lib/labels';
import { resources } from '../lib/resources';
import { containerSecurityContext, podSecurityContext } from '../lib/security';
import { CONTAINER_NAMES } from './containers';
import { KUBECTL_UID } from './images';
import { scriptPath, SCRIPT_FILES } from './scripts';
import { KUBECTL_RESOURCES, PATHS, PostgresSettings } from './settings';

/** A base backup of a large database can take hours; the next run waits (concurrencyPolicy Forbid). */
export const BACKUP_DEADLINE_SECONDS = 6 * 3600;

/**
 * Scheduled backups are CronJobs that `kubectl exec` a script from the Patroni ConfigMap in the
 * backup sidecar of whichever member `<name>-rw` selects at that moment, the primary. WAL-G's
 * base backup must read the data directory (its remote mode does not work with PostgreSQL 15),
 * so the work happens in the member pod and the CronJob only schedules, retries and records it
 * (kube-state-metrics sees failed Jobs). The job pod talks to the API server only.
 */
export function backupCronJobs(scope: Construct, s: PostgresSettings, ctx: ComponentContext, pullPolicy?: string): void {
  const b = s.backup;
  if (!b) return;
  execCronJob(scope, 'BaseBackup', s, ctx, pullPolicy, {
    name: s.names.baseBackup, schedule: b.schedule, command: ['/bin/sh', scriptPath(SCRIPT_FILES.baseBackup)],
  });
  if (b.logicalDumpSchedule) {
    execCronJob(scope, 'LogicalDump', s, ctx, pullPolicy, {
      name: s.names.logicalDump, schedule: b.logicalDumpSchedule, command: ['/bin/bash', scriptPath(SCRIPT_FILES.logicalDump)],
    });
  }
}

function execCronJob(scope: Construct, id: string, s: PostgresSettings, ctx: ComponentContext, pullPolicy: string | undefined, job: {
  name: string; schedule: string; command: string[];
}): k8s.KubeCronJob {
  const labels = objectLabels({ name: 'postgres', instance: s.name, component: 'backup' });
  return new k8s.KubeCronJob(scope, id, {
    metadata: { name: job.name, labels: s.labels, annotations: syncWave(SyncWave.DATA) },
    spec: {
      schedule: job.schedule,
      concurrencyPolicy: 'Forbid',
      startingDeadlineSeconds: 600,
      successfulJobsHistoryLimit: 3,
      failedJobsHistoryLimit: 3,
      jobTemplate: {
        spec: {
          backoffLimit: 1,
          activeDeadlineSeconds: BACKUP_DEADLINE_SECONDS,
          template: {
            // a mesh sidecar would keep the Job from ever completing; the pod only calls the API server
            metadata: { labels: { ...labels, ...(meshEnabled(ctx) ? { 'sidecar.istio.io/inject': 'false' } : {}) } },
            spec: {
              serviceAccountName: s.names.backupAccount,
              restartPolicy: 'Never',
              securityContext: podSecurityContext(KUBECTL_UID),
              containers: [{
                name: 'kubectl',
                image: s.backup!.kubectlImage,
                imagePullPolicy: pullPolicy,
                // the image's entrypoint is kubectl; the Service resolves to the current primary
                args: ['exec', `svc/${s.names.primary}`, '-c', CONTAINER_NAMES.backup, '--', ...job.command],
                env: [{ name: 'HOME', value: PATHS.tmp }],
                resources: resources(undefined, KUBECTL_RESOURCES),
                securityContext: containerSecurityContext(),
                volumeMounts: [{ name: 'tmp', mountPath: PATHS.tmp }],
              }],
              volumes: [{ name: 'tmp', emptyDir: { sizeLimit: k8s.Quantity.fromString('64Mi') } }],
            },
          },
        },
      },
    },
  });
}
