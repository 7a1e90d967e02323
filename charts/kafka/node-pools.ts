import { Construct } from 'constructs';
import {
  KafkaNodePool, KafkaNodePoolSpecRoles, KafkaNodePoolSpecStorageType, KafkaNodePoolSpecStorageVolumesKraftMetadata,
  KafkaNodePoolSpecStorageVolumesType,
} from '../../imports/kafkanodepool-kafka.strimzi.io';
import { dataBearing, SyncWave } from '../lib/gitops';
import { resources } from '../lib/resources';
import { spreadAcrossNodes } from '../lib/scheduling';
import { strimziContainer, strimziPod } from './pod-template';
import { KafkaSettings, NodePoolPlan } from './settings';

const POOL_IDS: Record<string, string> = { controller: 'ControllerPool', broker: 'BrokerPool', 'dual-role': 'DualRolePool' };

/**
 * One KafkaNodePool per role (or one dual-role pool). Storage is JBOD with a single persistent
 * volume holding the KRaft metadata log too (`kraftMetadata: shared`), so more disks can be added
 * later without moving the metadata. `deleteClaim: false`: deleting the cluster or scaling a pool
 * down never deletes data. Storage type and class cannot change once the pool exists; size can
 * grow where the StorageClass allows expansion.
 */
export function nodePools(scope: Construct, props: {
  settings: KafkaSettings;
  labels: (pool: NodePoolPlan) => Record<string, string>;
  zoneSpread: boolean;
}): KafkaNodePool[] {
  return props.settings.pools.map((pool) => {
    const podSelector = { 'strimzi.io/cluster': props.settings.name, 'strimzi.io/pool-name': pool.name };
    return new KafkaNodePool(scope, POOL_IDS[pool.name], {
      metadata: {
        name: pool.name,
        labels: { ...props.labels(pool), 'strimzi.io/cluster': props.settings.name },
        annotations: dataBearing(SyncWave.MESSAGING),
      },
      spec: {
        replicas: pool.replicas,
        roles: pool.roles.map((r) => (r === 'controller' ? KafkaNodePoolSpecRoles.CONTROLLER : KafkaNodePoolSpecRoles.BROKER)),
        storage: {
          type: KafkaNodePoolSpecStorageType.JBOD,
          volumes: [{
            id: 0,
            type: KafkaNodePoolSpecStorageVolumesType.PERSISTENT_HYPHEN_CLAIM,
            size: pool.volume.size,
            ...(pool.volume.storageClass ? { class: pool.volume.storageClass } : {}),
            deleteClaim: false,
            kraftMetadata: KafkaNodePoolSpecStorageVolumesKraftMetadata.SHARED,
          }],
        },
        resources: resources(pool.resources, pool.resourceDefaults),
        template: {
          pod: { ...strimziPod(), ...spreadAcrossNodes(podSelector, props.zoneSpread) },
          kafkaContainer: strimziContainer(),
          initContainer: strimziContainer(),
        },
      },
    });
  });
}
