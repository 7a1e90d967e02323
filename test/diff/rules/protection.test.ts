import { statefulSet } from '../fixtures';
import { dangersBetween, edited, lines, obj } from './helpers';

const app = (prune: boolean, finalizers?: string[]) => obj('argoproj.io/v1alpha1', 'Application', 'shop-prod-postgres', {
  project: 'shop-prod', syncPolicy: { automated: { prune, selfHeal: true } },
}, { namespace: 'argocd', ...(finalizers ? { finalizers } : {}) });

describe('ArgoCD protections', () => {
  test('Prune=false removed from a data-bearing object (Delete=false kept)', () => {
    const after = edited(statefulSet(), (o) => { o.metadata.annotations['argocd.argoproj.io/sync-options'] = 'Delete=false'; });
    const [d] = dangersBetween([statefulSet()], [after]);
    expect(d).toMatchObject({ rule: 'sync-protection-removed', summary: 'argocd.argoproj.io/sync-options: Prune=false removed' });
    expect(d.atApply).toMatch(/^ArgoCD now prunes this object when it leaves Git/);
  });

  test('automated prune switched on and the cascading resources finalizer added to an Application', () => {
    expect(lines(dangersBetween([app(false)], [app(true, ['resources-finalizer.argocd.argoproj.io/foreground'])]))).toEqual([
      'sync-protection-removed: spec.syncPolicy.automated.prune false -> true',
      'sync-protection-removed: metadata.finalizers: the resources finalizer added',
    ]);
    expect(dangersBetween([app(true, ['resources-finalizer.argocd.argoproj.io/foreground'])], [app(false)])).toEqual([]);
  });

  test('a finalizer removed from an object', () => {
    const withFinalizer = edited(statefulSet(), (o) => { o.metadata.finalizers = ['example.com/backup-guard']; });
    expect(lines(dangersBetween([withFinalizer], [statefulSet()]))).toEqual(['finalizer-removed: metadata.finalizers lost example.com/backup-guard']);
  });
});

describe('Namespace guards', () => {
  const ns = (labels: Record<string, string>) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop', labels } });

  test('Pod Security lowered and sidecar injection off are loosening; raised is quiet', () => {
    const strict = ns({ 'pod-security.kubernetes.io/enforce': 'restricted', 'istio-injection': 'enabled' });
    expect(lines(dangersBetween([strict], [ns({ 'pod-security.kubernetes.io/enforce': 'baseline' })]))).toEqual([
      'access-loosened: labels["pod-security.kubernetes.io/enforce"] restricted -> baseline',
      'access-loosened: labels["istio-injection"] enabled -> (unset)',
    ]);
    expect(dangersBetween([ns({ 'pod-security.kubernetes.io/enforce': 'baseline' })], [strict])).toEqual([]);
  });
});
