import { gatherFacts, Get } from '../../preflight/facts';
import { Requirements } from '../../preflight/requirements';

const req: Requirements = {
  apis: [{ apiVersion: 'v1', kind: 'Service' }, { apiVersion: 'jetstream.nats.io/v1beta2', kind: 'Stream' }],
  storageClasses: [],
  needsDefaultStorageClass: false,
  mesh: true,
  argocd: { namespace: 'gitops', syncOptions: [] },
  secrets: [{ namespace: 'app', name: 'db', type: 'generic', keys: ['password'] }, { namespace: 'app', name: 'gone', type: 'generic', keys: ['password'] }],
};

/** An API server's answers by path; anything else is a 404. */
function answers(byPath: Record<string, unknown>): { get: Get; asked: string[] } {
  const asked: string[] = [];
  return { asked, get: async (path) => { asked.push(path); return byPath[path]; } };
}

describe('facts gathered from the API server', () => {
  test('reads only what the requirements ask about, Secret keys without values', async () => {
    const { get, asked } = answers({
      '/version': { major: '1', minor: '30+', gitVersion: 'v1.30.1-eks' },
      '/api/v1': { resources: [{ kind: 'Service' }, { kind: 'Secret' }] },
      '/apis/apps/v1/daemonsets?fieldSelector=metadata.name%3Distio-cni-node': { items: [{ metadata: { namespace: 'kube-system' }, status: { desiredNumberScheduled: 2, numberReady: 1 } }] },
      '/apis/apps/v1/namespaces/gitops/statefulsets/argocd-application-controller': { metadata: {}, spec: { template: { spec: { containers: [{ image: 'quay.io/argoproj/argocd:v2.9.3' }] } } } },
      '/apis/storage.k8s.io/v1/storageclasses': { items: [{ metadata: { name: 'gp3', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } } }] },
      '/api/v1/namespaces/app/secrets/db': { data: { password: 'c2VjcmV0' } },
    });
    const facts = await gatherFacts(get, req);
    expect(facts.version).toEqual({ major: 1, minor: 30, gitVersion: 'v1.30.1-eks' });
    expect(facts.served.get('v1')).toEqual(new Set(['Service', 'Secret']));
    expect(facts.served.get('jetstream.nats.io/v1beta2')).toBeUndefined();
    expect(facts.istioCni).toEqual({ namespace: 'kube-system', desired: 2, ready: 1 });
    expect(facts.argocd).toEqual({ source: 'statefulsets/argocd-application-controller in namespace gitops', version: 'v2.9.3' });
    expect(facts.storageClasses).toEqual([{ name: 'gp3', isDefault: true }]);
    expect(facts.secretKeys).toEqual(new Map([['app/db', ['password']], ['app/gone', undefined]]));
    expect(JSON.stringify([...facts.secretKeys])).not.toMatch(/c2VjcmV0/);
    expect(asked).toContain('/apis/apps/v1/namespaces/gitops/deployments/argocd-server');
  });

  test('no mesh, no Argo CD: neither is looked up', async () => {
    const { get, asked } = answers({ '/version': { major: '1', minor: '29', gitVersion: 'v1.29.0' } });
    await gatherFacts(get, { ...req, mesh: false, argocd: undefined, secrets: [] });
    expect(asked.some((p) => p.includes('daemonsets') || p.includes('argocd'))).toBe(false);
  });
});
