import { k8s } from '../lib/k8s';
import { Construct } from 'constructs';
import { CONFIG_CHECKSUM_ANNOTATION } from '../lib/checksum';
import { dataBearing, SyncWave } from '../lib/gitops';
import { spreadAcrossNodes } from '../lib/scheduling';
import { podSecurityContext } from '../lib/security';
import { StatefulSetWithClaimKinds } from '../lib/stateful-set';
import { RETAIN_VOLUMES, volumeClaimTemplate } from '../lib/storage';
import { VolumeSpec } from '../spec';
import { exporterContainer, redisContainer, sentinelContainer, VOLUMES } from './containers';
import { REDIS_UID } from './images';
import { configMapName, dataStatefulSetName, headlessServiceName, REDIS_PORT, SENTINEL_PORT, sentinelStatefulSetName } from './names';
import { RedisSettings } from './settings';

/** What both StatefulSets need besides the settings. */
export interface WorkloadProps {
  readonly labels: Record<string, string>;
  readonly selector: Record<string, string>;
  readonly checksum: string;
  readonly pullPolicy: string;
  readonly zoneSpread: boolean;
  /** Pod annotations added when the mesh is on. @default none */
  readonly meshAnnotations?: Record<string, string>;
}

/** Seconds for the preStop failover (bounded at 25 s by the script) plus Redis's final save on shutdown. */
const DATA_TERMINATION_GRACE_SECONDS = 120;
const SENTINEL_TERMINATION_GRACE_SECONDS = 30;
const TMP_SIZE_LIMIT = '64Mi';

export function dataStatefulSet(scope: Construct, id: string, s: RedisSettings, p: WorkloadProps): k8s.KubeStatefulSet {
  return statefulSet(scope, id, s, p, {
    name: dataStatefulSetName(s.name),
    replicas: s.replicas,
    volume: s.storage,
    gracePeriod: DATA_TERMINATION_GRACE_SECONDS,
    containers: [redisContainer(s, p.pullPolicy), exporterContainer(s, p.pullPolicy, REDIS_PORT)],
  });
}

export function sentinelStatefulSet(scope: Construct, id: string, s: RedisSettings, p: WorkloadProps): k8s.KubeStatefulSet {
  return statefulSet(scope, id, s, p, {
    name: sentinelStatefulSetName(s.name),
    replicas: s.sentinels,
    volume: s.sentinelStorage,
    gracePeriod: SENTINEL_TERMINATION_GRACE_SECONDS,
    containers: [sentinelContainer(s, p.pullPolicy), exporterContainer(s, p.pullPolicy, SENTINEL_PORT)],
  });
}

function statefulSet(scope: Construct, id: string, s: RedisSettings, p: WorkloadProps, w: {
  name: string; replicas: number; volume: VolumeSpec; gracePeriod: number; containers: k8s.Container[];
}): k8s.KubeStatefulSet {
  return new StatefulSetWithClaimKinds(scope, id, {
    metadata: { name: w.name, labels: p.labels, annotations: dataBearing(SyncWave.DATA) },
    spec: {
      serviceName: headlessServiceName(s.name),
      replicas: w.replicas,
      // pods find the master through the sentinels, not through start order; OrderedReady would
      // also keep pod 1 from starting while pod 0 waits for a master that pod 1 holds
      podManagementPolicy: 'Parallel',
      updateStrategy: { type: 'RollingUpdate' },
      selector: { matchLabels: p.selector },
      persistentVolumeClaimRetentionPolicy: RETAIN_VOLUMES,
      volumeClaimTemplates: [volumeClaimTemplate(VOLUMES.data, w.volume, p.selector)],
      template: {
        metadata: {
          labels: p.labels,
          annotations: { [CONFIG_CHECKSUM_ANNOTATION]: p.checksum, ...(p.meshAnnotations ?? {}) },
        },
        spec: {
          automountServiceAccountToken: false,
          // Service links would inject variables such as REDIS_PORT=tcp://... from any Service named "redis"
          enableServiceLinks: false,
          securityContext: podSecurityContext(REDIS_UID),
          terminationGracePeriodSeconds: w.gracePeriod,
          ...spreadAcrossNodes(p.selector, p.zoneSpread),
          containers: w.containers,
          volumes: [
            { name: VOLUMES.config, configMap: { name: configMapName(s.name) } },
            { name: VOLUMES.tmp, emptyDir: { sizeLimit: k8s.Quantity.fromString(TMP_SIZE_LIMIT) } },
          ],
        },
      },
    },
  });
}
