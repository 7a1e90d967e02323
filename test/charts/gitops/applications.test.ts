import { find, synthShipped } from '../../helpers';

const files = synthShipped('deltran-mvp', 'prod');
const argocd = files.get('argocd')!;
const apps = argocd.filter((o) => o.kind === 'Application');

describe('GitOpsApplications', () => {
  test('one Application per component file plus the root, all in the argocd namespace', () => {
    const componentFiles = [...files.keys()].filter((f) => f !== 'argocd').sort();
    const childApps = apps.filter((a) => a.metadata.name !== 'deltran-mvp-prod');
    expect(childApps.map((a) => a.spec.source.directory.include).sort()).toEqual(componentFiles.map((f) => `${f}.k8s.yaml`).sort());
    expect(apps.every((a) => a.metadata.namespace === 'argocd')).toBe(true);
    const root = find(argocd, 'Application', 'deltran-mvp-prod');
    expect(root.spec.source).toEqual({
      repoURL: 'https://github.com/deltran/platform-manifests.git', targetRevision: 'main', path: 'dist/deltran-mvp/prod', directory: { include: 'argocd.k8s.yaml' },
    });
  });

  test('sync waves: namespace first, data before services, monitoring last', () => {
    const wave = (file: string) => Number(find(argocd, 'Application', `deltran-mvp-prod-${file}`).metadata.annotations['argocd.argoproj.io/sync-wave']);
    expect(wave('namespace')).toBeLessThan(wave('postgres'));
    const serviceFiles = [...files.keys()].filter((f) => f.startsWith('svc-') || f === 'gateway');
    for (const svc of serviceFiles) expect(wave('postgres')).toBeLessThan(wave(svc));
    if (files.has('monitoring')) expect(wave('monitoring')).toBeGreaterThan(wave('postgres'));
  });

  test('the namespace Application never prunes and keeps resources when deleted', () => {
    const ns = find(argocd, 'Application', 'deltran-mvp-prod-namespace');
    expect(ns.spec.syncPolicy.automated).toEqual({ prune: false, selfHeal: true });
    expect(ns.metadata.finalizers).toBeUndefined();
    expect(ns.spec.syncPolicy.syncOptions).toContain('ServerSideApply=true');
  });

  test('the workload project reaches the platform namespace only, its own Namespace by name and exactly the kinds its files hold', () => {
    const project = find(argocd, 'AppProject', 'deltran-mvp-prod');
    expect(project.spec.destinations).toEqual([{ server: 'https://kubernetes.default.svc', namespace: 'deltran' }]);
    expect(project.spec.clusterResourceWhitelist).toEqual([{ group: '', kind: 'Namespace', name: 'deltran' }]);
    const held = new Set([...files].filter(([f]) => f !== 'argocd').flatMap(([, objects]) => objects)
      .filter((o) => o.kind !== 'Namespace').map((o) => `${String(o.apiVersion).includes('/') ? String(o.apiVersion).split('/')[0] : ''}/${o.kind}`));
    const listed: string[] = project.spec.namespaceResourceWhitelist.map((k: any) => `${k.group}/${k.kind}`);
    expect(new Set(listed)).toEqual(held);
    expect(listed).toEqual(expect.arrayContaining(['apps/StatefulSet', '/Service', 'networking.k8s.io/NetworkPolicy']));
    expect(listed.some((k) => k.includes('*') || k.startsWith('argoproj.io/'))).toBe(false);
    const children = apps.filter((a) => a.metadata.name !== 'deltran-mvp-prod');
    // the edge rate limit sits beside the shared gateway, through a project of its own for that namespace
    const [gatewaySide, ...more] = children.filter((a) => a.spec.destination.namespace === 'istio-system');
    expect(more).toEqual([]);
    expect(gatewaySide.spec.project).toBe('deltran-mvp-prod-istio-system');
    expect(children.filter((a) => a !== gatewaySide).every((a) => a.spec.project === 'deltran-mvp-prod' && a.spec.destination.namespace === 'deltran')).toBe(true);
  });

  test('the root Application has a project of its own: the argocd namespace, Applications and AppProjects only', () => {
    const root = find(argocd, 'Application', 'deltran-mvp-prod');
    expect(root.spec.project).toBe('deltran-mvp-prod-argocd');
    const project = find(argocd, 'AppProject', 'deltran-mvp-prod-argocd');
    expect(project.spec.destinations).toEqual([{ server: 'https://kubernetes.default.svc', namespace: 'argocd' }]);
    expect(project.spec.clusterResourceWhitelist).toEqual([]);
    expect(project.spec.namespaceResourceWhitelist).toEqual([{ group: 'argoproj.io', kind: 'Application' }, { group: 'argoproj.io', kind: 'AppProject' }]);
    // everything the root syncs is allowed by its project
    expect(argocd.every((o) => ['Application', 'AppProject'].includes(o.kind) && o.metadata.namespace === 'argocd')).toBe(true);
  });
});

describe('files outside the platform namespace', () => {
  const rateLimitApp = find(argocd, 'Application', 'deltran-mvp-prod-edge-rate-limit');

  test('sync through a project of their own that admits only that namespace and their kinds', () => {
    expect(rateLimitApp.spec.destination.namespace).toBe('istio-system');
    expect(rateLimitApp.spec.project).toBe('deltran-mvp-prod-istio-system');
    const project = find(argocd, 'AppProject', 'deltran-mvp-prod-istio-system');
    expect(project.spec.destinations).toEqual([{ server: 'https://kubernetes.default.svc', namespace: 'istio-system' }]);
    expect(project.spec.namespaceResourceWhitelist).toEqual([{ group: 'networking.istio.io', kind: 'EnvoyFilter' }]);
    expect(project.spec.clusterResourceWhitelist).toEqual([]);
    // istio-system holds other owners' objects: no orphan warnings there
    expect(project.spec.orphanedResources).toBeUndefined();
  });

  test('the platform project never gains the shared namespace', () => {
    const project = find(argocd, 'AppProject', 'deltran-mvp-prod');
    expect(project.spec.destinations.map((d: any) => d.namespace)).not.toContain('istio-system');
    const inPlatform = apps.filter((a) => a.spec.project === 'deltran-mvp-prod' && a.metadata.name !== 'deltran-mvp-prod');
    expect(inPlatform.every((a) => a.spec.destination.namespace === 'deltran')).toBe(true);
  });
});
