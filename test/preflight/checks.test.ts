import { decide, formatResults } from '../../preflight/checks';
import { ClusterFacts } from '../../preflight/facts';
import { Requirements } from '../../preflight/requirements';

const req: Requirements = {
  apis: [{ apiVersion: 'apps/v1', kind: 'StatefulSet' }, { apiVersion: 'kafka.strimzi.io/v1', kind: 'Kafka' }],
  storageClasses: ['gp3'],
  needsDefaultStorageClass: true,
  mesh: true,
  argocd: { namespace: 'argocd', syncOptions: ['CreateNamespace=false', 'RespectIgnoreDifferences=true', 'ServerSideApply=true'] },
  secrets: [{ namespace: 'app', name: 'db', type: 'generic', keys: ['password'] }],
};

const healthy: ClusterFacts = {
  version: { major: 1, minor: 30, gitVersion: 'v1.30.2' },
  served: new Map([['apps/v1', new Set(['StatefulSet'])], ['kafka.strimzi.io/v1', new Set(['Kafka'])]]),
  istioCni: { namespace: 'istio-system', desired: 3, ready: 3 },
  argocd: { source: 'deployments/argocd-server in namespace argocd', version: 'v2.10.4' },
  storageClasses: [{ name: 'gp3', isDefault: true }],
  secretKeys: new Map([['app/db', ['password']]]),
};

const failures = (facts: Partial<ClusterFacts>, r: Requirements = req) => decide(r, { ...healthy, ...facts }).filter((c) => !c.ok);

describe('preflight decisions', () => {
  test('a cluster that has everything passes every check', () => {
    const results = decide(req, healthy);
    expect(results.map((r) => r.check)).toEqual([
      'kubernetes version', 'api apps/v1 StatefulSet', 'api kafka.strimzi.io/v1 Kafka', 'istio cni', 'argo cd version',
      'storage class gp3', 'default storage class', 'secret app/db',
    ]);
    expect(results.every((r) => r.ok)).toBe(true);
    expect(results.find((r) => r.check === 'argo cd version')?.detail).toBe('2.10.4 (at least 2.5.0 for ServerSideApply=true)');
  });

  test('Kubernetes outside the tested range', () => {
    expect(failures({ version: { major: 1, minor: 27, gitVersion: 'v1.27.9' } })[0]).toMatchObject({ check: 'kubernetes version', fix: 'upgrade the cluster' });
    expect(failures({ version: { major: 1, minor: 34, gitVersion: 'v1.34.0' } })[0].fix).toMatch(/KUBERNETES_MAX/);
    expect(failures({ version: { major: 1, minor: 28, gitVersion: 'v1.28.0' } })).toEqual([]);
  });

  test('a CRD served in an older version only, and a group not served at all', () => {
    const [kafka] = failures({ served: new Map([['apps/v1', new Set(['StatefulSet'])], ['kafka.strimzi.io/v1', undefined]]) });
    expect(kafka).toMatchObject({ check: 'api kafka.strimzi.io/v1 Kafka', detail: 'kafka.strimzi.io/v1 is not served' });
    expect(kafka.fix).toMatch(/install the operator or CRDs that define Kafka in kafka\.strimzi\.io\/v1/);
    const [sts] = failures({ served: new Map([['apps/v1', new Set(['Deployment'])], ['kafka.strimzi.io/v1', new Set(['Kafka'])]]) });
    expect(sts).toMatchObject({ detail: 'apps/v1 is served but has no StatefulSet', fix: 'upgrade the cluster to a Kubernetes version that serves it' });
  });

  test('Istio CNI missing or not ready, only when the mesh is on', () => {
    expect(failures({ istioCni: undefined })[0].detail).toBe('the mesh is on but no istio-cni-node DaemonSet exists');
    expect(failures({ istioCni: { namespace: 'istio-system', desired: 3, ready: 2 } })[0].detail).toBe('istio-cni-node in istio-system: 2 of 3 pods ready');
    expect(failures({ istioCni: undefined }, { ...req, mesh: false })).toEqual([]);
  });

  test('Argo CD older than the sync options need, missing, or without a readable version', () => {
    expect(failures({ argocd: { source: 's', version: 'v2.4.9' } })[0]).toMatchObject({ detail: '2.4.9 is older than 2.5.0, which ServerSideApply=true needs', fix: 'upgrade Argo CD to 2.5.0 or newer' });
    expect(failures({ argocd: { source: 's', version: 'v2.4.9' } }, { ...req, argocd: { namespace: 'argocd', syncOptions: ['RespectIgnoreDifferences=true'] } })).toEqual([]);
    expect(failures({ argocd: undefined })[0].fix).toMatch(/install Argo CD 2\.5\.0 or newer/);
    expect(failures({ argocd: { source: 's', version: 'latest' } })[0].detail).toMatch(/cannot read a version/);
  });

  test('StorageClasses: a named one missing, no default or two defaults', () => {
    expect(failures({ storageClasses: [{ name: 'standard', isDefault: true }] })[0]).toMatchObject({ check: 'storage class gp3', fix: 'create StorageClass gp3, or set storageClass in the spec to one of: standard' });
    expect(failures({ storageClasses: [{ name: 'gp3', isDefault: false }] })[0].check).toBe('default storage class');
    expect(failures({ storageClasses: [{ name: 'gp3', isDefault: true }, { name: 'x', isDefault: true }] })[0].detail).toMatch(/2 StorageClasses are marked default/);
  });

  test('Secrets: missing, or without a key; the fix never holds a value', () => {
    const [missing] = failures({ secretKeys: new Map([['app/db', undefined]]) });
    expect(missing).toMatchObject({ check: 'secret app/db', detail: 'missing (keys password)', fix: 'kubectl -n app create secret generic db --from-literal=password=...' });
    expect(failures({ secretKeys: new Map([['app/db', ['user']]]) })[0].detail).toBe('exists without key password');
  });

  test('one line per check: ok or FAIL with the fix', () => {
    const lines = formatResults(decide(req, { ...healthy, secretKeys: new Map([['app/db', undefined]]) })).split('\n');
    expect(lines).toHaveLength(8);
    expect(lines[0]).toBe('ok    kubernetes version: v1.30.2 (supported 1.28 to 1.33)');
    expect(lines[7]).toMatch(/^FAIL  secret app\/db: missing \(keys password\)\. Fix: kubectl/);
  });
});
