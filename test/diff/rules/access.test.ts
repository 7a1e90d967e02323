import { deployment, type Obj } from '../fixtures';
import { dangersBetween, edited, lines, obj } from './helpers';

const np = (ingress: unknown[], podSelector: unknown = { matchLabels: { app: 'db' } }) =>
  obj('networking.k8s.io/v1', 'NetworkPolicy', 'db', { podSelector, policyTypes: ['Ingress'], ingress });
const peer = (app: string) => ({ podSelector: { matchLabels: { app } } });

describe('NetworkPolicy', () => {
  test('a new peer, an allow-all rule and a lost policy type are loosening', () => {
    const before = np([{ from: [peer('api')], ports: [{ port: 5432 }] }]);
    expect(lines(dangersBetween([before], [np([{ from: [peer('api'), peer('web')], ports: [{ port: 5432 }] }])])))
      .toEqual(['access-loosened: 1 ingress rule added or widened']);
    expect(lines(dangersBetween([before], [np([{ ports: [{ port: 5432 }] }])])))
      .toEqual(['access-loosened: 1 ingress rule added or widened (one allows every peer)']);
    const noTypes = edited(before, (o) => { o.spec.policyTypes = ['Egress']; o.spec.egress = []; });
    expect(lines(dangersBetween([before], [noTypes]))[0]).toMatch(/policyTypes no longer has Ingress/);
  });

  test('a peer removed, a port removed or a narrower selector are quiet', () => {
    const before = np([{ from: [peer('api'), peer('web')], ports: [{ port: 5432 }, { port: 9187 }] }]);
    expect(dangersBetween([before], [np([{ from: [peer('api')], ports: [{ port: 5432 }] }])])).toEqual([]);
    const narrower = np([{ from: [{ podSelector: { matchLabels: { app: 'api', tier: 'backend' } } }, peer('web')], ports: [{ port: 5432 }, { port: 9187 }] }]);
    expect(dangersBetween([before], [narrower])).toEqual([]);
  });
});

describe('AuthorizationPolicy and PeerAuthentication', () => {
  const authz = (principals: string[], action = 'ALLOW') => obj('security.istio.io/v1', 'AuthorizationPolicy', 'db', {
    action, selector: { matchLabels: { app: 'db' } }, rules: [{ from: [{ source: { principals } }], to: [{ operation: { ports: ['5432'] } }] }],
  });

  test('a principal added is loosening, one removed is not; an empty rule allows everything', () => {
    expect(lines(dangersBetween([authz(['a'])], [authz(['a', 'b'])]))).toEqual(['access-loosened: 1 ALLOW rule added or widened']);
    expect(dangersBetween([authz(['a', 'b'])], [authz(['a'])])).toEqual([]);
    const open = edited(authz(['a']), (o) => { o.spec.rules.push({}); });
    expect(lines(dangersBetween([authz(['a'])], [open]))).toEqual(['access-loosened: 1 ALLOW rule added or widened (an empty rule allows every request)']);
  });

  test('DENY narrowed, action flipped', () => {
    expect(lines(dangersBetween([authz(['a', 'b'], 'DENY')], [authz(['a'], 'DENY')]))).toEqual(['access-loosened: DENY rules removed or narrowed']);
    expect(lines(dangersBetween([authz(['a'], 'DENY')], [authz(['a'], 'ALLOW')]))).toEqual(['access-loosened: action DENY -> ALLOW']);
  });

  test('a port opened PERMISSIVE under STRICT; STRICT everywhere is quiet', () => {
    const pa = (spec: Obj) => obj('security.istio.io/v1', 'PeerAuthentication', 'db', spec);
    const strict = pa({ selector: { matchLabels: { app: 'db' } }, mtls: { mode: 'STRICT' } });
    const port = pa({ selector: { matchLabels: { app: 'db' } }, mtls: { mode: 'STRICT' }, portLevelMtls: { 9187: { mode: 'PERMISSIVE' } } });
    expect(lines(dangersBetween([strict], [port]))).toEqual(['access-loosened: port 9187 STRICT -> PERMISSIVE']);
    expect(dangersBetween([port], [strict])).toEqual([]);
  });

  test('removed while the workload stays: flagged; removed with its workload: quiet', () => {
    const api = deployment('api');
    const policy = edited(authz(['a']), (o) => { o.spec.selector = { matchLabels: { 'app.kubernetes.io/name': 'api' } }; });
    expect(lines(dangersBetween([api, policy], [api]))).toEqual(['access-loosened: removed (shop/prod/f.k8s.yaml)']);
    expect(dangersBetween([api, policy], [])).toEqual([]);
  });
});

describe('PodDisruptionBudget', () => {
  const pdb = (spec: unknown) => obj('policy/v1', 'PodDisruptionBudget', 'db', { selector: { matchLabels: { app: 'db' } }, ...(spec as object) });

  test('minAvailable lowered or maxUnavailable raised is weaker; the reverse is quiet', () => {
    expect(lines(dangersBetween([pdb({ minAvailable: 2 })], [pdb({ minAvailable: 1 })]))[0]).toMatch(/^disruption-budget-weakened: minAvailable: 2 -> 1/);
    expect(lines(dangersBetween([pdb({ maxUnavailable: '25%' })], [pdb({ maxUnavailable: '50%' })]))[0]).toMatch(/^disruption-budget-weakened/);
    expect(dangersBetween([pdb({ maxUnavailable: 2 })], [pdb({ maxUnavailable: 1 })])).toEqual([]);
  });
});

describe('AppProject', () => {
  const project = (spec: Obj) => obj('argoproj.io/v1alpha1', 'AppProject', 'shop', spec, { namespace: 'argocd' });
  const tight = project({
    destinations: [{ server: 'https://kubernetes.default.svc', namespace: 'shop' }],
    clusterResourceWhitelist: [{ group: '', kind: 'Namespace', name: 'shop' }],
    namespaceResourceWhitelist: [{ group: 'apps', kind: 'StatefulSet' }],
  });

  test('a destination, a wildcard kind or a cluster kind added is loosening', () => {
    const loose = edited(tight, (o) => {
      o.spec.destinations.push({ server: 'https://kubernetes.default.svc', namespace: 'argocd' });
      o.spec.namespaceResourceWhitelist = [{ group: '*', kind: '*' }];
      o.spec.clusterResourceWhitelist = [{ group: '', kind: 'Namespace' }];
    });
    const [d] = dangersBetween([tight], [loose]);
    expect(d.rule).toBe('access-loosened');
    expect(d.summary).toBe('destinations + {"server":"https://kubernetes.default.svc","namespace":"argocd"}; clusterResourceWhitelist + {"group":"","kind":"Namespace"}; namespaceResourceWhitelist + {"group":"*","kind":"*"}');
    expect(d.atApply).toMatch(/admin-equivalent/);
  });

  test('tightening (the safe defaults of this project) is quiet', () => {
    const loose = project({ destinations: [{ server: '*', namespace: '*' }], clusterResourceWhitelist: [{ group: '', kind: 'Namespace' }], namespaceResourceWhitelist: [{ group: '*', kind: '*' }] });
    expect(dangersBetween([loose], [tight])).toEqual([]);
  });
});
