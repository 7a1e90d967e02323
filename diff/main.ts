/**
 * `npm run diff -- <base-ref> [<head-ref>] [--markdown] [--from-dist] [--rebuild] [--repo DIR]` (`--help` for more)
 *
 * Resource-level diff of the manifests at <base-ref> against the working tree (or <head-ref>),
 * with the changes that would hurt at apply time listed first.
 *
 *   default      synthesize each ref: from the cache of refs built before, by rendering the ref's
 *                platform files with this checkout's synth when only specs differ, else by
 *                building it in a temporary git worktree (see ref-output.ts)
 *   --from-dist  read the committed dist/ at each ref (fast; dist/ is kept in sync by a test)
 *
 * The working-tree side is always synthesized with the compiled app (lib/main.js).
 * Exit code: 0 no dangers, 1 dangers found, 2 usage or tool errors.
 */
import * as fs from 'fs';
import * as path from 'path';
import { fileSystemErrorLine, parseArgs, usageErrorLine, UsageError } from '../cli/args';
import { compareTrees, ManifestDiff, ManifestParseError } from './compare';
import { Danger, findDangers } from './dangers';
import { formatMarkdown, formatText } from './format';
import { DiffToolError, Log, readCommittedTree, synthesizeCheckout } from './git';
import { refOutput, RefOutputSource } from './ref-output';

export interface DiffOptions {
  /** The git repository (the project root). */
  readonly repo: string;
  readonly base: string;
  /** @default the working tree, synthesized */
  readonly head?: string;
  /** Read committed dist/ instead of synthesizing refs. @default false */
  readonly fromDist?: boolean;
  /** Build each ref in a worktree even when it is cached or only its specs differ. @default false */
  readonly rebuild?: boolean;
  /** @default false (plain text) */
  readonly markdown?: boolean;
  /** @default "dist" */
  readonly distDir?: string;
  /** Progress messages. @default none */
  readonly log?: Log;
}

export interface DiffRun {
  readonly report: string;
  readonly exitCode: 0 | 1;
  readonly diff: ManifestDiff;
  readonly dangers: readonly Danger[];
  /** Wall time of each side and of the comparison, in milliseconds. */
  readonly timings: { readonly base: number; readonly head: number; readonly compare: number };
  /** How each synthesized ref was obtained (absent for the working tree and --from-dist). */
  readonly sources: { readonly base?: RefOutputSource; readonly head?: RefOutputSource };
}

export function runDiff(o: DiffOptions): DiffRun {
  const log = o.log ?? (() => undefined);
  const distDir = o.distDir ?? 'dist';
  const side = (ref: string | undefined): { files: Map<string, string>; label: string; ms: number; source?: RefOutputSource } => {
    const started = Date.now();
    if (ref === undefined) {
      log('synthesizing the working tree');
      return { files: synthesizeCheckout(o.repo, 'working tree'), label: 'working tree (synthesized)', ms: Date.now() - started };
    }
    if (o.fromDist) {
      const files = readCommittedTree(o.repo, ref, distDir);
      if (files.size === 0) log(`warning: ${ref} has no committed ${distDir}/; every object reads as added or removed`);
      return { files, label: `${ref} (committed ${distDir}/)`, ms: Date.now() - started };
    }
    const output = refOutput(o.repo, ref, log, { rebuild: o.rebuild });
    return { files: output.files, label: `${ref} (synthesized)`, ms: Date.now() - started, source: output.source };
  };
  const base = side(o.base);
  const head = side(o.head);
  const started = Date.now();
  const diff = compareTrees(base.files, head.files);
  const dangers = findDangers(diff);
  const opts = { baseLabel: base.label, headLabel: head.label };
  const report = o.markdown ? formatMarkdown(diff, dangers, opts) : formatText(diff, dangers, opts);
  return { report, exitCode: dangers.length > 0 ? 1 : 0, diff, dangers, timings: { base: base.ms, head: head.ms, compare: Date.now() - started }, sources: { base: base.source, head: head.source } };
}

const HELP = `Usage: npm run diff -- <base-ref> [<head-ref>] [options]

Compares the manifests of <base-ref> with the working tree (or <head-ref>), object by object,
and lists first the changes that would hurt at apply time. Exit code 0 without dangers, 1 with
dangers, 2 on errors.

Each ref is synthesized: read from the cache of refs built before (.cache/diff/), rendered by
this checkout's synth when only platforms/ differs, or else built in a temporary worktree.

Options:
  --from-dist   read the committed dist/ at each ref instead of synthesizing it
  --rebuild     build each ref in a temporary worktree, even when cached or only specs differ
  --markdown    format the report as a pull-request comment
  --repo DIR    the project checkout (default: this one)
  -h, --help    print this help

Examples:
  npm run diff -- origin/main                 the working tree against origin/main
  npm run diff -- HEAD~1 HEAD --markdown      the last commit, as a PR comment
`;

function parseCommandLine(argv: string[]): DiffOptions | 'help' {
  const parsed = parseArgs(argv, { markdown: 'flag', 'from-dist': 'flag', rebuild: 'flag', repo: 'value' });
  if (parsed.help) return 'help';
  const refs = parsed.positionals;
  if (refs.length < 1 || refs.length > 2) throw new UsageError(refs.length ? `at most two refs, got ${refs.length}` : 'a base ref is required, e.g. origin/main');
  const o = parsed.options;
  const repo = typeof o.repo === 'string' ? path.resolve(o.repo) : projectRoot();
  if (!fs.existsSync(repo)) throw new UsageError(`--repo ${repo}: no such folder`);
  return { repo, base: refs[0], head: refs[1], markdown: o.markdown === true, fromDist: o['from-dist'] === true, rebuild: o.rebuild === true };
}

function projectRoot(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}

export function main(argv: string[]): number {
  try {
    const opts = parseCommandLine(argv);
    if (opts === 'help') {
      process.stdout.write(HELP);
      return 0;
    }
    const result = runDiff({ ...opts, log: (m) => process.stderr.write(`diff: ${m}\n`) });
    process.stdout.write(result.report.endsWith('\n') ? result.report : `${result.report}\n`);
    const t = result.timings;
    const how = (source?: string) => (source ? ` (${source})` : '');
    process.stderr.write(`diff: ${result.dangers.length} danger(s); base ${(t.base / 1000).toFixed(1)} s${how(result.sources.base)}, head ${(t.head / 1000).toFixed(1)} s${how(result.sources.head)}, compare ${t.compare} ms\n`);
    return result.exitCode;
  } catch (err) {
    const fileSystem = fileSystemErrorLine(err);
    if (err instanceof UsageError) {
      process.stderr.write(`${usageErrorLine('diff', 'npm run diff -- --help', err)}\n`);
    } else if (err instanceof DiffToolError || err instanceof ManifestParseError) {
      process.stderr.write(`diff failed: ${err.message}\n`);
    } else if (fileSystem) {
      process.stderr.write(`diff failed: ${fileSystem}\n`);
    } else {
      process.stderr.write(`diff failed: ${(err as Error).stack ?? err}\n`);
    }
    return 2;
  }
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
