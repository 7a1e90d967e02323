import { App, Chart } from 'cdk8s';
import { COMPONENTS } from './components';
import { GITOPS_FILE, GitOpsApplications } from './gitops/applications';
import { checkDnsLabel, checkLimitsAgainstRequests, checkNoLiteralSecrets, checkUrl } from './lib/checks';
import { ComponentContext } from './lib/context';
import { ProblemCollector, SpecError, SpecProblem } from './lib/errors';
import { MANAGED_BY } from './lib/labels';
import { applyOverride } from './lib/merge';
import { definitionProblems, resolvedSpecProblems } from './lib/spec-schema';
import { applyPatches, reportUnmatched } from './lib/patches';
import { applyPodOverrides, checkPodOverrides } from './lib/pod-overrides';
import { PlatformDefinition, PlatformSpec } from './spec';

/** A synthesized environment: the Kubernetes objects of each chart, by file stem, in apply order. */
export interface EnvironmentManifests {
  readonly platform: string;
  readonly environment: string;
  readonly files: ReadonlyArray<{ readonly file: string; readonly objects: readonly Record<string, unknown>[] }>;
}

/** The spec of one environment: base plus that environment's override. */
export function resolveSpec(def: PlatformDefinition, environment: string): PlatformSpec {
  const root = new ProblemCollector(`platforms/${def.name}`);
  if (!(environment in def.environments)) {
    root.add('environments', environment, `one of ${Object.keys(def.environments).map((e) => JSON.stringify(e)).join(', ')}`,
      `use an existing environment or add "${environment}" to the environments of platforms/${def.name}.ts`);
    root.throwIfAny();
  }
  return applyOverride(def.base, def.environments[environment]);
}

/**
 * The definition as written, against the types: unknown keys and wrong types in the base and in
 * every environment override, with their paths there (`platforms/<name>.environments.prod...`).
 */
export function checkDefinition(def: PlatformDefinition): SpecProblem[] {
  const name = typeof (def as { name?: unknown }).name === 'string' ? def.name : '<unnamed>';
  return definitionProblems(def, `platforms/${name}`);
}

/**
 * Runs every spec check for one environment and throws a SpecError listing all problems. The
 * types are checked first: a spec of the wrong shape never reaches chart code.
 */
export function checkSpec(def: PlatformDefinition, environment: string, spec: PlatformSpec): void {
  const base = `platforms/${def.name}[${environment}]`;
  const c = new ProblemCollector(base);
  checkNoLiteralSecrets(c, '', spec, Array.isArray(spec.allowedLiterals) ? spec.allowedLiterals : []);
  checkLimitsAgainstRequests(c, '', spec);
  checkDnsLabel(c, 'name', def.name);
  checkDnsLabel(c, 'environment', environment);
  const typeProblems = resolvedSpecProblems(spec, base);
  if (typeProblems.length > 0) {
    // component checks assume the types; on a spec with type problems they still report what
    // they can, and one that trips over a wrong type stops there (the type problem says why)
    for (const component of COMPONENTS) {
      try {
        component.check(c, spec);
      } catch {
        continue;
      }
    }
    // where both report the same path, the component's problem is the more specific one
    // (components write some keys bracketed, `topics["audit-log"]`, the type check dotted)
    const samePath = (path: string) => path.replace(/\["([^"\\]*)"\]/g, '.$1');
    const componentPaths = new Set(c.problems.map((p) => samePath(p.path)));
    throw new SpecError([...typeProblems.filter((p) => !componentPaths.has(samePath(p.path))), ...c.problems]);
  }
  for (const component of COMPONENTS) component.check(c, spec);
  for (const key of ['postgres', 'redis', 'nats', 'kafka'] as const) checkPodOverrides(c.at(`${key}.pod`), spec[key]?.pod);
  for (const [name, svc] of Object.entries(spec.services ?? {})) checkPodOverrides(c.at(`services.${name}`), svc);
  const files = new Set<string>(spec.gitops ? [GITOPS_FILE] : []);
  if (spec.gitops) {
    checkUrl(c, 'gitops.repoUrl', spec.gitops.repoUrl);
    if (spec.gitops.argocdNamespace !== undefined) checkDnsLabel(c, 'gitops.argocdNamespace', spec.gitops.argocdNamespace);
  }
  for (const component of COMPONENTS) {
    for (const unit of component.charts(spec)) {
      if (files.has(unit.file)) {
        c.add(component.key, unit.file, 'chart file names unique within an environment', `rename the ${component.key} entry so it does not produce "${unit.file}" twice`);
      }
      files.add(unit.file);
    }
  }
  c.throwIfAny();
}

/** Builds the charts of one environment and returns their objects. Pure: writes nothing. */
export function synthEnvironment(def: PlatformDefinition, environment: string): EnvironmentManifests {
  const spec = resolveSpec(def, environment);
  checkSpec(def, environment, spec);
  const ctx: ComponentContext = { platform: def.name, environment, namespace: spec.namespace, spec };
  // cdk8s resolves tokens inside an App, and Chart.toJson() validates and orders the whole App,
  // so each chart gets an App of its own: synth cost stays linear in the number of charts.
  // outdir is never written because App.synth() is never called.
  const newApp = () => new App({ outdir: '.cache/cdk8s-unused' });
  const labels = {
    'app.kubernetes.io/part-of': spec.common?.partOf ?? def.name,
    'app.kubernetes.io/managed-by': MANAGED_BY,
    'platform.io/environment': environment,
    ...(spec.common?.labels ?? {}),
  };
  const problems = new ProblemCollector(`platforms/${def.name}[${environment}]`);
  const patches = spec.patches ?? [];
  const matched = new Set<number>();
  const files: Array<{ file: string; objects: Record<string, unknown>[] }> = [];
  const origins = new Map<string, string>();
  for (const component of COMPONENTS) {
    for (const unit of component.charts(spec)) {
      const chart = new Chart(newApp(), unit.file, { namespace: spec.namespace, disableResourceNameHashes: true, labels });
      unit.build(chart, ctx);
      const objects = chart.toJson();
      if (unit.pod?.overrides) applyPodOverrides(objects, unit.pod.overrides, problems.at(unit.pod.path));
      // patched before the ArgoCD objects are derived from the files, and before validation
      for (const i of applyPatches(patches, objects, problems)) matched.add(i);
      files.push({ file: unit.file, objects });
      origins.set(unit.file, unit.specPath ?? component.key);
    }
  }
  if (spec.gitops) {
    // the ArgoCD objects describe the other files, so they are built from them, last
    const argocdNamespace = spec.gitops.argocdNamespace ?? 'argocd';
    const chart = new Chart(newApp(), GITOPS_FILE, { namespace: argocdNamespace, disableResourceNameHashes: true, labels });
    new GitOpsApplications(chart, 'gitops', ctx, files);
    const objects = chart.toJson();
    for (const i of applyPatches(patches, objects, problems)) matched.add(i);
    files.push({ file: GITOPS_FILE, objects });
    origins.set(GITOPS_FILE, 'gitops');
  }
  reportUnmatched(patches, matched, problems, files.flatMap((f) => f.objects));
  problems.throwIfAny();
  const collisions = new ProblemCollector(`platforms/${def.name}[${environment}]`);
  checkObjectCollisions(collisions, files, origins);
  collisions.throwIfAny();
  return { platform: def.name, environment, files };
}

/**
 * Two charts (or one chart twice) producing the same kind/namespace/name: the API server would
 * keep only one, and ArgoCD would flap between them. Reported at the spec path of each producer.
 */
function checkObjectCollisions(c: ProblemCollector, files: EnvironmentManifests['files'], origins: ReadonlyMap<string, string>): void {
  const firstProducer = new Map<string, string>();
  for (const f of files) {
    for (const o of f.objects) {
      const meta = (o.metadata ?? {}) as { name?: string; namespace?: string };
      const id = `${String(o.kind)}/${meta.namespace ? `${meta.namespace}/` : ''}${meta.name}`;
      const producer = `${origins.get(f.file) ?? f.file} (file ${f.file}.k8s.yaml)`;
      const first = firstProducer.get(id);
      if (first === undefined) {
        firstProducer.set(id, producer);
      } else {
        c.add(origins.get(f.file) ?? f.file, id, `an object name no other part of the spec produces; ${first} produces ${id} too`,
          'rename one of the two (the service, the component `name`, the topic or stream) so their objects differ');
      }
    }
  }
}
