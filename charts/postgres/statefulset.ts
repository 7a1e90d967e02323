import { k8s } from '../lib/k8s';
import { Construct } from 'constructs';
import { CONFIG_CHECKSUM_ANNOTATION } from '../lib/checksum';
import { StatefulSetWithClaimKinds } from '../lib/stateful-set';
import { dataBearing, SyncWave } from '../lib/gitops';
import { spreadAcrossNodes } from '../lib/scheduling';
import { podSecurityContext } from '../lib/security';
import { RETAIN_VOLUMES, volumeClaimTemplate } from '../lib/storage';
import { backupContainer, exporterContainer, postgresContainer, rolePasswordVolumes, VOLUMES } from './containers';
import { SPILO_GID, SPILO_UID } from './images';
import { PostgresSettings } from './settings';

/** Fast shutdown plus a final checkpoint on a busy primary can take a while; Patroni hands over the leader key on the way. */
export const TERMINATION_GRACE_SECONDS = 120;
const TMP_SIZE_LIMIT = '1Gi';

export interface MemberPodOptions {
  readonly checksum: string;
  readonly pullPolicy?: string;
  readonly zoneSpread: boolean;
  readonly defaultStorageClass?: string;
  /** Istio sidecar injected: Patroni must not start before the proxy, its first act is calling the API server. */
  readonly mesh: boolean;
}

export const HOLD_UNTIL_PROXY_STARTS = { 'proxy.istio.io/config': '{"holdApplicationUntilProxyStarts":true}' };

/**
 * The members: one StatefulSet, Patroni in every pod. Parallel pod management (Patroni, not
 * start order, decides who leads; the policy is immutable so it is right from the start).
 */
export function memberStatefulSet(scope: Construct, id: string, s: PostgresSettings, o: MemberPodOptions): k8s.KubeStatefulSet {
  const containers = [postgresContainer(s, o.pullPolicy), ...(s.backup ? [backupContainer(s, o.pullPolicy)] : []), exporterContainer(s, o.pullPolicy)];
  return new StatefulSetWithClaimKinds(scope, id, {
    metadata: { name: s.names.statefulSet, labels: s.labels, annotations: dataBearing(SyncWave.DATA) },
    spec: {
      serviceName: s.names.headless,
      replicas: s.members,
      podManagementPolicy: 'Parallel',
      updateStrategy: { type: 'RollingUpdate' },
      selector: { matchLabels: s.selector },
      persistentVolumeClaimRetentionPolicy: RETAIN_VOLUMES,
      volumeClaimTemplates: [volumeClaimTemplate(VOLUMES.data, s.spec.storage, s.selector, o.defaultStorageClass)],
      template: {
        metadata: { labels: s.podLabels, annotations: { [CONFIG_CHECKSUM_ANNOTATION]: o.checksum, ...(o.mesh ? HOLD_UNTIL_PROXY_STARTS : {}) } },
        spec: {
          serviceAccountName: s.names.patroniAccount,
          // Service links would inject variables such as POSTGRES_PORT=tcp://... into Patroni's environment
          enableServiceLinks: false,
          securityContext: podSecurityContext(SPILO_UID, SPILO_GID),
          terminationGracePeriodSeconds: TERMINATION_GRACE_SECONDS,
          ...spreadAcrossNodes(s.selector, o.zoneSpread),
          containers,
          volumes: memberVolumes(s),
        },
      },
    },
  });
}

function memberVolumes(s: PostgresSettings): k8s.Volume[] {
  const pg = s.spec;
  return [
    // 0444: readable by the postgres user; scripts run through sh
    { name: VOLUMES.config, configMap: { name: s.names.config, defaultMode: 0o444 } },
    ...rolePasswordVolumes(s),
    // optional: the application team owns this ConfigMap; a pod must never wait for it (a missing
    // non-optional ConfigMap keeps the pod in ContainerCreating forever)
    ...(pg.initSqlConfigMap ? [{ name: VOLUMES.initSql, configMap: { name: pg.initSqlConfigMap, defaultMode: 0o444, optional: true } }] : []),
    { name: VOLUMES.tmp, emptyDir: { sizeLimit: k8s.Quantity.fromString(TMP_SIZE_LIMIT) } },
    { name: VOLUMES.socket, emptyDir: {} },
    // parallel queries use POSIX shared memory; the runtime's default /dev/shm is 64 MiB
    { name: VOLUMES.shm, emptyDir: { medium: 'Memory' } },
    // Postgres accepts a key owned by root only with mode 0600 or 0640: 0640, root and the pod's fsGroup
    ...(pg.tls ? [{ name: VOLUMES.tls, secret: { secretName: pg.tls.certificateSecret, defaultMode: 0o640 } }] : []),
  ];
}
