import { ProblemCollector } from '../../../charts/lib/errors';
import { servicesComponent } from '../../../charts/services';
import { AppServiceSpec, PlatformSpec } from '../../../charts/spec';
import { find } from '../../helpers';
import { serviceObjects, SHOP, shopWith } from './fixtures';

const worker = SHOP.services!.worker;
const stateful = (patch: Partial<AppServiceSpec> = {}, extra: Partial<PlatformSpec> = {}) =>
  shopWith({ worker: { ...worker, state: { mountPath: '/var/lib/worker', volume: { size: '10Gi' } }, ...patch } as AppServiceSpec }, extra);

describe('a service with state', () => {
  const objects = serviceObjects(stateful({ replicas: 3 }), 'worker');
  const sts = find(objects, 'StatefulSet', 'worker');

  test('runs as a StatefulSet instead of a Deployment', () => {
    expect(objects.some((o) => o.kind === 'Deployment')).toBe(false);
    expect(sts.spec.replicas).toBe(3);
    expect(sts.spec.serviceName).toBe('worker');
    expect(sts.spec.podManagementPolicy).toBe('OrderedReady');
  });

  test('one claim per pod with kind and apiVersion, retained on scale-down and deletion', () => {
    expect(sts.spec.volumeClaimTemplates).toEqual([{
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: 'state', labels: sts.spec.selector.matchLabels },
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '10Gi' } } },
    }]);
    expect(sts.spec.persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted: 'Retain', whenScaled: 'Retain' });
  });

  test('the container mounts the claim at mountPath beside /tmp', () => {
    expect(sts.spec.template.spec.containers[0].volumeMounts).toEqual([{ name: 'tmp', mountPath: '/tmp' }, { name: 'state', mountPath: '/var/lib/worker' }]);
  });

  test('ArgoCD never prunes or deletes it', () => {
    expect(sts.metadata.annotations['argocd.argoproj.io/sync-options']).toBe('Prune=false,Delete=false');
  });

  test('StorageClass: the volume\'s own, else the common one', () => {
    const withCommon = find(serviceObjects(stateful({}, { common: { storageClass: 'fast' } }), 'worker'), 'StatefulSet', 'worker');
    expect(withCommon.spec.volumeClaimTemplates[0].spec.storageClassName).toBe('fast');
    const own = find(serviceObjects(stateful({ state: { mountPath: '/data', volume: { size: '1Gi', storageClass: 'gp3' } } }, { common: { storageClass: 'fast' } }), 'worker'), 'StatefulSet', 'worker');
    expect(own.spec.volumeClaimTemplates[0].spec.storageClassName).toBe('gp3');
  });
});

describe('state checks', () => {
  const paths = (spec: PlatformSpec) => {
    const c = new ProblemCollector('spec');
    servicesComponent.check(c, spec);
    return c.problems.map((p) => p.path);
  };

  test('valid state passes', () => {
    expect(paths(stateful())).toEqual([]);
  });

  test('mount path: absolute, no trailing slash, no "..", not under /tmp', () => {
    for (const mountPath of ['var/lib', '/var/lib/', '/a/../etc', '/tmp', '/tmp/state']) {
      expect(paths(stateful({ state: { mountPath, volume: { size: '1Gi' } } }))).toEqual(['spec.services.worker.state.mountPath']);
    }
  });

  test('volume size and StorageClass', () => {
    expect(paths(stateful({ state: { mountPath: '/data', volume: { size: 'ten gigs' } } }))).toEqual(['spec.services.worker.state.volume.size']);
    expect(paths(stateful({ state: { mountPath: '/data', volume: {} as any } }))).toEqual(['spec.services.worker.state.volume.size']);
    expect(paths(stateful({ state: { mountPath: '/data', volume: { size: '1Gi', storageClass: 'GP 3' } } }))).toEqual(['spec.services.worker.state.volume.storageClass']);
  });

  test('no autoscaler: a new pod would start on an empty volume', () => {
    expect(paths(stateful({ maxReplicas: 4 }))).toEqual(['spec.services.worker.maxReplicas']);
  });
});
