import { find } from '../../helpers';
import { kafkaObjects, ofKind, withKafka } from './fixtures';

describe('KafkaNodePools', () => {
  test('dedicated controller and broker pools by default, 3 nodes each', () => {
    const pools = ofKind(kafkaObjects(withKafka({})), 'KafkaNodePool');
    expect(pools.map((p) => [p.metadata.name, p.spec.roles, p.spec.replicas])).toEqual([
      ['controller', ['controller'], 3],
      ['broker', ['broker'], 3],
    ]);
    for (const p of pools) {
      expect(p.apiVersion).toBe('kafka.strimzi.io/v1');
      expect(p.metadata.labels['strimzi.io/cluster']).toBe('events');
      expect(p.metadata.labels['app.kubernetes.io/instance']).toBeUndefined();
      expect(p.metadata.annotations['argocd.argoproj.io/sync-options']).toBe('Prune=false,Delete=false');
    }
  });

  test('sizes come from controllers and brokers', () => {
    const pools = ofKind(kafkaObjects(withKafka({ controllers: 5, brokers: 4 })), 'KafkaNodePool');
    expect(pools.map((p) => p.spec.replicas)).toEqual([5, 4]);
  });

  test('combinedRoles gives one dual-role pool sized by brokers', () => {
    const pools = ofKind(kafkaObjects(withKafka({ combinedRoles: true, brokers: 3, controllers: 5 })), 'KafkaNodePool');
    expect(pools.map((p) => [p.metadata.name, p.spec.roles, p.spec.replicas])).toEqual([['dual-role', ['controller', 'broker'], 3]]);
  });

  test('JBOD with one persistent volume that keeps its claim and holds the KRaft metadata', () => {
    const broker = find(kafkaObjects(withKafka({})), 'KafkaNodePool', 'broker');
    expect(broker.spec.storage).toEqual({
      type: 'jbod',
      volumes: [{ id: 0, type: 'persistent-claim', size: '50Gi', class: 'fast', deleteClaim: false, kraftMetadata: 'shared' }],
    });
  });

  test('controllers get a small volume in the brokers\' class unless set', () => {
    const controller = (k = {}) => find(kafkaObjects(withKafka(k)), 'KafkaNodePool', 'controller').spec.storage.volumes[0];
    expect(controller()).toMatchObject({ size: '10Gi', class: 'fast' });
    expect(controller({ controllerStorage: { size: '20Gi', storageClass: 'gp3' } })).toMatchObject({ size: '20Gi', class: 'gp3' });
  });

  test('the platform StorageClass applies when the spec names none', () => {
    const objects = kafkaObjects({ ...withKafka({ storage: { size: '50Gi', storageClass: null } }), common: { storageClass: 'standard' } });
    expect(find(objects, 'KafkaNodePool', 'broker').spec.storage.volumes[0].class).toBe('standard');
  });

  test('resources: brokers from resources, controllers from controllerResources', () => {
    const objects = kafkaObjects(withKafka({ resources: { cpuRequest: '2', memoryRequest: '8Gi' } }));
    expect(find(objects, 'KafkaNodePool', 'broker').spec.resources).toEqual({ requests: { cpu: '2', memory: '8Gi' }, limits: { memory: '8Gi' } });
    expect(find(objects, 'KafkaNodePool', 'controller').spec.resources).toEqual({ requests: { cpu: '250m', memory: '1Gi' }, limits: { memory: '1Gi' } });
  });

  test('pods of a pool spread over nodes and zones by the pool\'s Strimzi labels', () => {
    const pod = find(kafkaObjects(withKafka({})), 'KafkaNodePool', 'broker').spec.template.pod;
    const selector = { matchLabels: { 'strimzi.io/cluster': 'events', 'strimzi.io/pool-name': 'broker' } };
    expect(pod.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.labelSelector).toEqual(selector);
    expect(pod.topologySpreadConstraints.map((t: any) => t.topologyKey)).toEqual(['kubernetes.io/hostname', 'topology.kubernetes.io/zone']);
  });
});
