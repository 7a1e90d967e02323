/**
 * `npm run synth` / `cdk8s synth`: renders every shipped platform (or the one given) into
 * dist/<platform>/<env>/<component>.k8s.yaml, validated, written atomically.
 *
 *   node lib/main.js [--platform NAME] [--env NAME] [--outdir DIR] [--check] [--spec-module FILE]
 *
 * --spec-module loads a platform defined outside the project (a JS module exporting a
 * PlatformDefinition as `platform` or default, or a JSON file holding one) instead of the shipped ones.
 */
import * as fs from 'fs';
import * as path from 'path';
import { SpecError } from './charts/lib/errors';
import { PlatformDefinition } from './charts/spec';
import { PLATFORMS } from './platforms';
import { synth, ValidationFailed } from './synth/run';

const PROJECT_ROOT = path.resolve(__dirname, fs.existsSync(path.join(__dirname, 'package.json')) ? '.' : '..');

interface Args { platform?: string; env?: string; outdir: string; check: boolean; specModule?: string }

function parseArgs(argv: string[]): Args {
  const args: Args = { outdir: path.join(PROJECT_ROOT, 'dist'), check: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`${a} needs a value`);
      return v;
    };
    if (a === '--platform') args.platform = value();
    else if (a === '--env') args.env = value();
    else if (a === '--outdir') args.outdir = path.resolve(value());
    else if (a === '--check') args.check = true;
    else if (a === '--spec-module') args.specModule = path.resolve(value());
    else throw new UsageError(`unknown argument "${a}"`);
  }
  return args;
}

class UsageError extends Error {}

function main(): number {
  const started = process.hrtime.bigint();
  const args = parseArgs(process.argv.slice(2));
  const available = args.specModule ? [loadSpecModule(args.specModule)] : PLATFORMS;
  const platforms = args.platform ? available.filter((p) => p.name === args.platform) : available;
  if (platforms.length === 0) {
    throw new UsageError(`--platform "${args.platform}" is not a shipped platform; expected one of ${available.map((p) => p.name).join(', ')}`);
  }
  const complete = !args.platform && !args.env && !args.specModule;
  const result = synth({ platforms, environment: args.env, outdir: args.outdir, check: args.check, complete });
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
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(file);
  const def = mod.platform ?? mod.default ?? (file.endsWith('.json') ? mod : undefined);
  if (!def || typeof def !== 'object') {
    throw new UsageError(`--spec-module ${file} must export a PlatformDefinition as \`platform\` or default, or be a JSON file holding one`);
  }
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
  if (err instanceof SpecError || err instanceof ValidationFailed || err instanceof UsageError) {
    console.error(`synth failed, nothing was written.\n${err.message}`);
    process.exitCode = 1;
  } else {
    console.error(`synth failed, nothing was written.\n${(err as Error).stack ?? err}`);
    process.exitCode = 2;
  }
}
