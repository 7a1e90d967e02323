import { JsonPatch } from 'cdk8s';
import { Construct } from 'constructs';
import { Application, ApplicationSpecIgnoreDifferences } from '../../imports/argocd-application-argoproj.io';
import { AppProject } from '../../imports/argocd-appproject-argoproj.io';
import { CLUSTER_SCOPED_KINDS } from '../lib/cluster-scoped';
import { ComponentContext, monitoringSettings } from '../lib/context';
import { fileTraits, FileTraits } from './file-traits';

export interface RenderedFile {
  readonly file: string;
  readonly objects: readonly Record<string, unknown>[];
}

/** File stem of the chart holding the ArgoCD objects themselves. */
export const GITOPS_FILE = 'argocd';

/**
 * Deleting an Application deletes its resources first, in foreground. The path form is the same
 * finalizer to Argo CD; the bare name draws a warning from Kubernetes 1.29+ (finalizer names
 * should be domain-qualified with a path).
 */
const RESOURCES_FINALIZER = 'resources-finalizer.argocd.argoproj.io/foreground';

/**
 * App of apps for one platform environment: a workload AppProject scoped to the platform's
 * namespace and to exactly the kinds the component files hold, one Application per component
 * file (ordered by the sync wave of its objects), and a root Application in a project of its own
 * that syncs this file. The root is applied once by hand; after that Git drives.
 *
 * Two projects because a project that may write into Argo CD's namespace is admin-equivalent
 * (an Application or AppProject there grants anything): only the root project may, and only
 * Applications and AppProjects; the workload project reaches the platform namespace alone and no
 * cluster-scoped object but the platform's own Namespace.
 *
 * Data-bearing Applications sync automatically with self-heal but never prune, and carry no
 * resources finalizer, so deleting the Application (or removing it from Git) leaves the
 * StatefulSets, PVCs, topics and streams in place. Stateless ones prune and cascade.
 */
export class GitOpsApplications extends Construct {
  constructor(scope: Construct, id: string, ctx: ComponentContext, files: readonly RenderedFile[]) {
    super(scope, id);
    const g = ctx.spec.gitops!;
    const argocdNamespace = g.argocdNamespace ?? 'argocd';
    const server = g.destinationServer ?? 'https://kubernetes.default.svc';
    const project = `${ctx.platform}-${ctx.environment}`;
    const dashboards = monitoringSettings(ctx);
    const path = `dist/${ctx.platform}/${ctx.environment}`;
    const source = (include: string) => ({
      repoUrl: g.repoUrl,
      targetRevision: g.revision ?? 'main',
      path,
      directory: { include },
    });

    const kinds = ownedKinds(files);
    new AppProject(this, 'Project', {
      metadata: { name: project, namespace: argocdNamespace },
      spec: {
        description: `${ctx.platform} ${ctx.environment}: the component Applications`,
        sourceRepos: [g.repoUrl],
        destinations: [
          { server, namespace: ctx.namespace },
          ...(dashboards.dashboards && dashboards.dashboardNamespace !== ctx.namespace ? [{ server, namespace: dashboards.dashboardNamespace }] : []),
        ],
        // by name: a project allowed every Namespace could create, and then prune, any namespace of the cluster
        clusterResourceWhitelist: kinds.clusterScoped.map((k) => (k.kind === 'Namespace' && k.group === '' ? { ...k, name: ctx.namespace } : k)),
        namespaceResourceWhitelist: kinds.namespaced,
        orphanedResources: { warn: true },
      },
    });

    const rootProject = `${project}-${GITOPS_FILE}`;
    new AppProject(this, 'RootProject', {
      metadata: { name: rootProject, namespace: argocdNamespace },
      spec: {
        description: `${ctx.platform} ${ctx.environment}: the root Application (Applications and AppProjects in ${argocdNamespace} only)`,
        sourceRepos: [g.repoUrl],
        destinations: [{ server, namespace: argocdNamespace }],
        clusterResourceWhitelist: [],
        namespaceResourceWhitelist: [{ group: 'argoproj.io', kind: 'Application' }, { group: 'argoproj.io', kind: 'AppProject' }],
        orphanedResources: { warn: true },
      },
    });

    new Application(this, 'Root', {
      metadata: { name: project, namespace: argocdNamespace },
      spec: {
        project: rootProject,
        source: source(`${GITOPS_FILE}.k8s.yaml`),
        destination: { server, namespace: argocdNamespace },
        syncPolicy: { automated: { prune: true, selfHeal: true }, syncOptions: ['ServerSideApply=true'] },
      },
    });

    const elsewhere = new ForeignNamespaceProjects(this, ctx, { project, server, argocdNamespace, sourceRepos: [g.repoUrl] });
    for (const f of files) {
      const traits = fileTraits(f.objects as Record<string, any>[]);
      const foreign = elsewhere.projectFor(f.file, traits);
      const ignore: ApplicationSpecIgnoreDifferences[] = traits.autoscaledDeployments.map((name) => ({
        group: 'apps', kind: 'Deployment', name, namespace: ctx.namespace, jsonPointers: ['/spec/replicas'],
      }));
      const syncOptions = [
        'ServerSideApply=true',
        'CreateNamespace=false',
        'PruneLast=true',
        ...(ignore.length ? ['RespectIgnoreDifferences=true'] : []),
        // CRs of an operator not yet installed must not fail the dry run of the whole app
        ...(traits.customResources ? ['SkipDryRunOnMissingResource=true'] : []),
      ];
      new Application(this, `App-${f.file}`, {
        metadata: {
          name: `${project}-${f.file}`,
          namespace: argocdNamespace,
          annotations: { 'argocd.argoproj.io/sync-wave': String(traits.wave) },
          ...(traits.dataBearing ? {} : { finalizers: [RESOURCES_FINALIZER] }),
        },
        spec: {
          project: foreign?.project ?? project,
          source: source(`${f.file}.k8s.yaml`),
          destination: { server, namespace: foreign?.namespace ?? ctx.namespace },
          ...(ignore.length ? { ignoreDifferences: ignore } : {}),
          syncPolicy: {
            automated: { prune: !traits.dataBearing, selfHeal: true },
            syncOptions,
            retry: { limit: 5, backoff: { duration: '10s', factor: 2, maxDuration: '3m' } },
          },
        },
      });
    }
  }
}

/**
 * Files whose objects all live in one namespace outside the platform's (the edge rate limit,
 * which must sit beside the shared ingress gateway) sync through an AppProject of their own,
 * `<project>-<namespace>`, that may write only there and only the kinds those files hold: the
 * platform's project never gains a shared namespace such as istio-system. No orphaned-resource
 * warnings there: the namespace holds other owners' objects.
 */
class ForeignNamespaceProjects extends Construct {
  /** Project and the kinds it admits, by namespace. */
  private readonly made = new Map<string, { project: AppProject; kinds: Set<string> }>();
  constructor(scope: Construct, private readonly ctx: ComponentContext, private readonly props: {
    project: string; server: string; argocdNamespace: string; sourceRepos: string[];
  }) {
    super(scope, 'Elsewhere');
  }

  projectFor(file: string, traits: FileTraits): { project: string; namespace: string } | undefined {
    const [namespace, ...more] = traits.namespaces;
    if (!namespace || more.length || namespace === this.ctx.namespace || namespace === this.props.argocdNamespace) return undefined;
    const name = `${this.props.project}-${namespace}`;
    const kinds = traits.kinds.filter((k) => k.kind !== 'Namespace');
    const existing = this.made.get(namespace);
    if (existing) {
      for (const k of kinds.filter((k) => !existing.kinds.has(`${k.group}/${k.kind}`))) {
        existing.project.addJsonPatch(JsonPatch.add('/spec/namespaceResourceWhitelist/-', k));
        existing.kinds.add(`${k.group}/${k.kind}`);
      }
    } else {
      const project = new AppProject(this, `Project-${namespace}`, {
        metadata: { name, namespace: this.props.argocdNamespace },
        spec: {
          description: `${this.ctx.platform} ${this.ctx.environment}: ${file} in ${namespace}`,
          sourceRepos: this.props.sourceRepos,
          destinations: [{ server: this.props.server, namespace }],
          clusterResourceWhitelist: [],
          namespaceResourceWhitelist: kinds,
        },
      });
      this.made.set(namespace, { project, kinds: new Set(kinds.map((k) => `${k.group}/${k.kind}`)) });
    }
    return { project: name, namespace };
  }
}

interface GroupKind { readonly group: string; readonly kind: string }

/** Every group/kind the component files hold, cluster-scoped apart, sorted for stable output. */
function ownedKinds(files: readonly RenderedFile[]): { clusterScoped: GroupKind[]; namespaced: GroupKind[] } {
  const seen = new Map<string, GroupKind & { cluster: boolean }>();
  for (const f of files) {
    for (const o of f.objects) {
      const apiVersion = String(o.apiVersion ?? '');
      const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
      const kind = String(o.kind);
      seen.set(`${group}/${kind}`, { group, kind, cluster: CLUSTER_SCOPED_KINDS.has(kind) });
    }
  }
  const sorted = [...seen.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, v]) => v);
  const strip = ({ group, kind }: GroupKind) => ({ group, kind });
  return { clusterScoped: sorted.filter((k) => k.cluster).map(strip), namespaced: sorted.filter((k) => !k.cluster).map(strip) };
}
