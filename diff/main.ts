/**
 * `npm run diff -- <base-ref> [<head-ref>] [--markdown] [--from-dist] [--repo DIR]`
 *
 * Resource-level diff of the manifests at <base-ref> against the working tree (or <head-ref>),
 * with the changes that would hurt at apply time listed first.
 *
 *   default      synthesize the spec at each ref in a temporary git worktree (exact, ~20 s)
 *   --from-dist  read the committed dist/ at each ref (fast; dist/ is kept in sync by a test)
 *
 * The working-tree side is always synthesized with the compiled app (lib/main.js).
 * Exit code: 0 no dangers, 1 dangers found, 2 usage or tool errors.
 */
import * as fs from 'fs';
import * as path from 'path';
import { compareTrees, ManifestDiff, ManifestParseError } from './compare';
import { Danger, findDangers } from './dangers';
import { formatMarkdown, formatText } from './format';
import { DiffToolError, Log, readCommittedTree, synthesizeAtRef, synthesizeCheckout } from './git';

export interface DiffOptions {
  /** The git repository (the project root). */
  readonly repo: string;
  readonly base: string;
  /** @default the working tree, synthesized */
  readonly head?: string;
  /** Read committed dist/ instead of synthesizing refs. @default false */
  readonly fromDist?: boolean;
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
}

export function runDiff(o: DiffOptions): DiffRun {
  const log = o.log ?? (() => undefined);
  const distDir = o.distDir ?? 'dist';
  const side = (ref: string | undefined): { files: Map<string, string>; label: string; ms: number } => {
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
    return { files: synthesizeAtRef(o.repo, ref, log), label: `${ref} (synthesized)`, ms: Date.now() - started };
  };
  const base = side(o.base);
  const head = side(o.head);
  const started = Date.now();
  const diff = compareTrees(base.files, head.files);
  const dangers = findDangers(diff);
  const opts = { baseLabel: base.label, headLabel: head.label };
  const report = o.markdown ? formatMarkdown(diff, dangers, opts) : formatText(diff, dangers, opts);
  return { report, exitCode: dangers.length > 0 ? 1 : 0, diff, dangers, timings: { base: base.ms, head: head.ms, compare: Date.now() - started } };
}

const USAGE = 'usage: npm run diff -- <base-ref> [<head-ref>] [--markdown] [--from-dist] [--repo DIR]';

class UsageError extends Error {}

function parseArgs(argv: string[]): DiffOptions {
  const refs: string[] = [];
  let markdown = false;
  let fromDist = false;
  let repo = projectRoot();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--markdown') markdown = true;
    else if (a === '--from-dist') fromDist = true;
    else if (a === '--repo') {
      const v = argv[++i];
      if (v === undefined) throw new UsageError('--repo needs a value');
      repo = path.resolve(v);
    } else if (a === '-h' || a === '--help') throw new UsageError('');
    else if (a.startsWith('-')) throw new UsageError(`unknown option "${a}"`);
    else refs.push(a);
  }
  if (refs.length < 1 || refs.length > 2) throw new UsageError(refs.length ? 'at most two refs' : 'a base ref is required, e.g. origin/main');
  return { repo, base: refs[0], head: refs[1], markdown, fromDist };
}

function projectRoot(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}

export function main(argv: string[]): number {
  try {
    const opts = parseArgs(argv);
    const result = runDiff({ ...opts, log: (m) => process.stderr.write(`diff: ${m}\n`) });
    process.stdout.write(result.report.endsWith('\n') ? result.report : `${result.report}\n`);
    const t = result.timings;
    process.stderr.write(`diff: ${result.dangers.length} danger(s); base ${(t.base / 1000).toFixed(1)} s, head ${(t.head / 1000).toFixed(1)} s, compare ${t.compare} ms\n`);
    return result.exitCode;
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(err.message ? `${err.message}\n${USAGE}\n` : `${USAGE}\n`);
    } else if (err instanceof DiffToolError || err instanceof ManifestParseError) {
      process.stderr.write(`diff failed: ${err.message}\n`);
    } else {
      process.stderr.write(`diff failed: ${(err as Error).stack ?? err}\n`);
    }
    return 2;
  }
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
