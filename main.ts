/**
 * `npm run synth` / `cdk8s synth`: renders every shipped platform (or the one given) into
 * dist/<platform>/<env>/<component>.k8s.yaml, validated, written atomically.
 *
 *   node lib/main.js [--platform NAME] [--env NAME] [--outdir DIR] [--check] [--spec-module FILE]
 *
 * `--help` prints the options. --spec-module loads a platform defined outside the project (a JS
 * module exporting a PlatformDefinition, or a JSON file holding one) instead of the shipped ones.
 */
import * as fs from 'fs';
import * as path from 'path';
import { SpecError } from './charts/lib/errors';
import { fileSystemErrorLine, parseArgs, usageErrorLine, USAGE_EXIT_CODE, UsageError } from './cli/args';
import { PlatformDefinition } from './charts/spec';
import { PLATFORMS } from './platforms';
import { loadBundle } from './synth/bundle';
import type * as SynthRun from './synth/run';

const PROJECT_ROOT = path.resolve(__dirname, fs.existsSync(path.join(__dirname, 'package.json')) ? '.' : '..');

let loadedRun: typeof SynthRun | undefined;

/**
 * The renderer and validator load cdk8s and every component: required once the command line is
 * known to be good, so --help and a usage error answer at once. The build's bundle of them when
 * it is current (synth/bundle.ts), else the modules themselves.
 */
function synthRun(): typeof SynthRun {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  loadedRun ??= loadBundle<typeof SynthRun>(__dirname) ?? (require('./synth/run') as typeof SynthRun);
  return loadedRun;
}

/** A validation failure can only come from synth/run, so it is never loaded just to ask. */
function isValidationFailure(err: unknown): err is SynthRun.ValidationFailed {
  return !!loadedRun && err instanceof loadedRun.ValidationFailed;
}

/** A spec error from this module's charts, or from the loaded synth's own copy of them (the bundle's). */
function isSpecError(err: unknown): err is SpecError {
  return err instanceof SpecError || (!!loadedRun && err instanceof loadedRun.SpecError);
}

interface Args { platform?: string; env?: string; outdir: string; check: boolean; specModule?: string }

const HELP = `Usage: npm run synth -- [options]     (also: node lib/main.js [options], npm run cdk8s -- synth)

Renders every shipped platform (platforms/index.ts), or the one asked for, into
dist/<platform>/<env>/<component>.k8s.yaml. Every object is validated first; when anything
fails, nothing is written and the exit code is 1.

Options:
  --platform NAME      only this platform (one of: ${PLATFORMS.map((p) => p.name).join(', ')})
  --env NAME           only this environment (dev, staging, prod, or another the platform declares)
  --outdir DIR         write here instead of dist/ (missing folders are created)
  --check              write nothing; exit 1 when dist/ differs from a fresh synth
  --spec-module FILE   render the platform a compiled JS module exports (as \`platform\`, as
                       default, or as its only export) instead of the shipped ones
  -h, --help           print this help

Examples:
  npm run synth                                        every platform, all environments
  npm run synth -- --platform deltran-mvp --env dev    one environment
  npm run synth -- --check                             is the committed dist/ current?
`;

function parseCommandLine(argv: string[]): Args | 'help' {
  const parsed = parseArgs(argv, { platform: 'value', env: 'value', outdir: 'value', check: 'flag', 'spec-module': 'value' });
  if (parsed.help) return 'help';
  if (parsed.positionals.length > 0) throw new UsageError(`unexpected argument "${parsed.positionals[0]}" (options start with --)`);
  const o = parsed.options;
  return {
    platform: o.platform as string | undefined,
    env: o.env as string | undefined,
    outdir: typeof o.outdir === 'string' ? path.resolve(o.outdir) : path.join(PROJECT_ROOT, 'dist'),
    check: o.check === true,
    specModule: typeof o['spec-module'] === 'string' ? path.resolve(o['spec-module']) : undefined,
  };
}

function main(): number {
  const started = process.hrtime.bigint();
  const args = parseCommandLine(process.argv.slice(2));
  if (args === 'help') {
    process.stdout.write(HELP);
    return 0;
  }
  const available = args.specModule ? [loadSpecModule(args.specModule)] : PLATFORMS;
  const platforms = args.platform ? available.filter((p) => p.name === args.platform) : available;
  if (platforms.length === 0) {
    throw new UsageError(`--platform "${args.platform}" is not a shipped platform; expected one of ${available.map((p) => p.name).join(', ')}`);
  }
  const complete = !args.platform && !args.env && !args.specModule;
  const result = synthRun().synth({ platforms, environment: args.env, outdir: args.outdir, check: args.check, complete });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (args.check) {
    if (result.stale.length > 0) {
      console.error(`dist is stale; run \`npm run synth\` and commit the result. Differing files:\n${result.stale.map((f) => `  ${f}`).join('\n')}`);
      return 1;
    }
    console.log(`dist is up to date (${result.files.size} files, ${result.objectCount} objects)`);
    return 0;
  }
  linkForCdk8sCli(args.outdir, [...result.files.keys()]);
  if (process.env.SYNTH_STATS) {
    // read by the benchmark: wall time of the synth itself and this process's peak RSS
    console.error(JSON.stringify({ synthMs: ms, maxRssKb: process.resourceUsage().maxRSS, objects: result.objectCount }));
  }
  console.log(`synthesized ${result.files.size} files, ${result.objectCount} objects, validated, in ${ms.toFixed(0)} ms -> ${path.relative(process.cwd(), args.outdir) || '.'}`);
  return 0;
}

function loadSpecModule(file: string): PlatformDefinition {
  if (!fs.existsSync(file)) throw new UsageError(`--spec-module ${file}: no such file`);
  let mod: Record<string, unknown>;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    mod = require(file);
  } catch (err) {
    throw new UsageError(`--spec-module ${file} cannot be loaded (${String((err as Error).message).split('\n')[0]}); it must be compiled JavaScript`);
  }
  const isPlatform = (v: unknown): v is PlatformDefinition => {
    const d = v as PlatformDefinition | undefined;
    return !!d && typeof d.name === 'string' && !!d.base && !!d.environments;
  };
  const exported = Object.values(mod).filter(isPlatform);
  const def = [mod.platform, mod.default, file.endsWith('.json') ? mod : undefined].find(isPlatform) ?? (exported.length === 1 ? exported[0] : undefined);
  if (!def) throw new UsageError(`--spec-module ${file} must export one PlatformDefinition (as \`platform\`, as default, or as its only export)`);
  return def;
}

/**
 * `cdk8s synth` empties its output folder before running the app, which would break the
 * "a failed synth leaves dist/ untouched" rule, so cdk8s.yaml points it at a scratch folder and
 * the app links the real files there for the CLI to list.
 */
function linkForCdk8sCli(outdir: string, files: string[]): void {
  const cliOut = process.env.CDK8S_OUTDIR;
  if (!cliOut || path.resolve(cliOut) === path.resolve(outdir)) return;
  fs.mkdirSync(cliOut, { recursive: true });
  for (const rel of files.filter((f) => f.endsWith('.k8s.yaml'))) {
    const link = path.join(cliOut, rel.replace(/\//g, '.'));
    fs.rmSync(link, { force: true });
    fs.symlinkSync(path.join(outdir, rel), link);
  }
}

try {
  process.exitCode = main();
} catch (err) {
  const fileSystem = fileSystemErrorLine(err);
  if (err instanceof UsageError) {
    console.error(usageErrorLine('synth', 'npm run synth -- --help', err));
    process.exitCode = USAGE_EXIT_CODE;
  } else if (isSpecError(err) || isValidationFailure(err)) {
    console.error(`synth failed, nothing was written.\n${err.message}`);
    process.exitCode = 1;
  } else if (fileSystem) {
    console.error(`synth failed, nothing was written.\n${fileSystem}`);
    process.exitCode = 1;
  } else {
    console.error(`synth failed, nothing was written.\n${(err as Error).stack ?? err}`);
    process.exitCode = 2;
  }
}
