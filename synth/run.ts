import * as fs from 'fs';
import * as path from 'path';
import { renderEnvironmentReadme } from '../charts/gitops/diagram';
import { SpecError } from '../charts/lib/errors';
import { checkDefinition, resolveSpec, synthEnvironment } from '../charts/platform';
import { PlatformDefinition } from '../charts/spec';
import { formatViolations, ManifestValidator, PassedObjects, Violation } from '../validation';
import { normalize, renderYaml } from './render';
import { RenderCache } from './render-cache';
import { SpecProblemReport } from './spec-problems';
import { listFiles, writeTreeAtomically } from './write';

/** The spec error class of this module's copy of the charts: a bundled synth throws its own copy's. */
export { SpecError };

export interface SynthOptions {
  /** Platforms to render. */
  readonly platforms: readonly PlatformDefinition[];
  /** Only this environment. @default every environment of each platform */
  readonly environment?: string;
  /** Output root. */
  readonly outdir: string;
  /** Compare instead of writing; returns the stale files. @default false */
  readonly check?: boolean;
  /** `platforms` is the complete list: platform folders not in it are removed from outdir. @default false */
  readonly complete?: boolean;
}

export interface SynthResult {
  /** Relative path -> YAML, for every file rendered. */
  readonly files: ReadonlyMap<string, string>;
  /** Files that differ from, are missing in, or are extra in outdir (check mode only). */
  readonly stale: readonly string[];
  readonly objectCount: number;
}

export class ValidationFailed extends Error {
  constructor(readonly violations: readonly Violation[]) {
    super(`${violations.length} validation problem${violations.length === 1 ? '' : 's'} in the synthesized manifests:\n${formatViolations([...violations])}`);
    this.name = 'ValidationFailed';
  }
}

/**
 * Renders, validates, then writes. Every spec check and every schema/policy validation runs
 * before the first byte is written; any failure throws and leaves outdir untouched. A failing
 * environment does not stop the others: the error lists the problems of all of them.
 */
export function synth(opts: SynthOptions): SynthResult {
  const files = new Map<string, string>();
  const envDirs: string[] = [];
  const validator = ManifestValidator.load();
  const passed = PassedObjects.open();
  const violations: Violation[] = [];
  const specProblems = new SpecProblemReport();
  const renderCaches: RenderCache[] = [];
  let objectCount = 0;

  for (const def of opts.platforms) {
    specProblems.addWritten(checkDefinition(def));
    const environments = opts.environment ? [opts.environment] : Object.keys(def.environments ?? {});
    for (const env of environments) {
      let manifests;
      try {
        manifests = synthEnvironment(def, env);
      } catch (err) {
        if (!(err instanceof SpecError)) throw err;
        specProblems.addResolved(def.name, env, err.problems);
        continue;
      }
      const envObjects: Record<string, unknown>[] = [];
      const envHashes: string[] = [];
      const rendered = RenderCache.open(def.name, env);
      for (const f of manifests.files) {
        const objects = f.objects.map(normalize);
        const hashes = objects.map((o) => PassedObjects.hash(o));
        envObjects.push(...objects);
        envHashes.push(...hashes);
        files.set(`${def.name}/${env}/${f.file}.k8s.yaml`, renderYaml(objects, (o, i) => rendered.render(o, hashes[i])));
      }
      renderCaches.push(rendered);
      files.set(`${def.name}/${env}/README.md`, renderEnvironmentReadme(def.name, env, resolveSpec(def, env), manifests.files));
      // cross-object policies (dangling services, PDB coverage) need a whole environment at once
      violations.push(...validator.validate(envObjects, passed, envHashes).map((v) => ({ ...v, object: `${def.name}/${env}: ${v.object}` })));
      objectCount += envObjects.length;
      envDirs.push(`${def.name}/${env}`);
    }
  }
  passed.save();
  for (const cache of renderCaches) cache.save();
  const problems = specProblems.problems;
  if (problems.length > 0) throw new SpecError(problems, violations.length > 0 ? new ValidationFailed(violations).message : undefined);
  if (violations.length > 0) throw new ValidationFailed(violations);

  // a synth owns what it rendered: an environment folder, a platform folder, or all of outdir
  const owned = opts.environment ? envDirs : opts.platforms.map((p) => p.name);
  if (opts.complete && fs.existsSync(opts.outdir)) {
    for (const entry of fs.readdirSync(opts.outdir)) if (!owned.includes(entry)) owned.push(entry);
  }
  if (opts.check) return { files, stale: staleFiles(opts.outdir, files, owned), objectCount };
  writeTreeAtomically(opts.outdir, files, owned);
  return { files, stale: [], objectCount };
}

function staleFiles(outdir: string, files: ReadonlyMap<string, string>, owned: readonly string[]): string[] {
  const stale = new Set<string>();
  for (const [rel, content] of files) {
    const p = path.join(outdir, rel);
    if (!fs.existsSync(p) || fs.readFileSync(p, 'utf8') !== content) stale.add(rel);
  }
  for (const dir of owned) {
    for (const rel of listFiles(path.join(outdir, dir))) {
      if (!files.has(`${dir}/${rel}`)) stale.add(`${dir}/${rel}`);
    }
  }
  return [...stale].sort();
}
