import * as path from 'path';
import { readEnvironment } from '../../cluster/lib/manifests';
import { requirementsOf } from '../../preflight/requirements';

const DIST = path.join(__dirname, '..', '..', 'dist');
const objectsOf = (platform: string, env: string) => readEnvironment(path.join(DIST, platform, env)).map((m) => m.object);

describe('requirements derived from the synthesized objects', () => {
  const req = requirementsOf(objectsOf('deltran-mvp', 'prod'));

  test('every apiVersion/kind the objects use, built-in and custom', () => {
    const apis = req.apis.map((a) => `${a.apiVersion} ${a.kind}`);
    expect(apis).toEqual(expect.arrayContaining(['apps/v1 StatefulSet', 'argoproj.io/v1alpha1 Application', 'security.istio.io/v1 AuthorizationPolicy', 'monitoring.coreos.com/v1 PrometheusRule', 'jetstream.nats.io/v1beta2 Stream']));
    expect(new Set(apis).size).toBe(apis.length);
  });

  test('mesh, Argo CD sync options, StorageClasses and Secrets', () => {
    expect(req.mesh).toBe(true);
    expect(req.argocd?.namespace).toBe('argocd');
    expect(req.argocd?.syncOptions).toEqual(expect.arrayContaining(['ServerSideApply=true', 'Prune=false']));
    expect(req.storageClasses).toEqual(['gp3']);
    expect(req.needsDefaultStorageClass).toBe(false);
    expect(req.secrets.length).toBeGreaterThan(0);
    expect(req.secrets.every((s) => s.namespace && s.name && s.keys.length > 0)).toBe(true);
  });

  test('a claim without a class needs a default StorageClass; Strimzi persistent claims count', () => {
    const r = requirementsOf([
      { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'a' }, spec: {} },
      { apiVersion: 'kafka.strimzi.io/v1', kind: 'KafkaNodePool', metadata: { name: 'b' }, spec: { storage: { type: 'jbod', volumes: [{ type: 'persistent-claim', class: 'fast' }] } } },
    ]);
    expect(r).toMatchObject({ storageClasses: ['fast'], needsDefaultStorageClass: true, mesh: false, argocd: undefined });
  });
});
