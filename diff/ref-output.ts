/**
 * The synthesized manifests of a git ref, without rebuilding the ref when that is not needed:
 *
 *  1. cached: a ref built once is kept under .cache/diff/, keyed by its commit and by the
 *     toolchain it was built with (Node, the installed packages, the pinned schemas);
 *  2. specs only: when the ref differs from the working tree only in platforms/ (and in files
 *     the synth never reads: docs, tests, dist/, Markdown, the other tools), its platform files
 *     are compiled (types erased) and rendered by this checkout's compiled synth;
 *  3. otherwise the ref is built and synthesized in a temporary worktree (synthesizeAtRef).
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DiffToolError, git, Log, readCommittedTree, resolveCommit, synthesizeAtRef, synthesizeCheckout } from './git';
import { transpileSource } from './transpile';

/** How a ref's output was obtained: the benchmark and the tests count these. */
export type RefOutputSource = 'cache' | 'specs-only' | 'worktree';

export interface RefOutput {
  readonly files: Map<string, string>;
  readonly source: RefOutputSource;
}

/**
 * Paths whose content the synth never reads: a change there does not change dist/. Both sides
 * use this checkout's installed packages, so node_modules (a folder or a link) is neutral too.
 */
const OUTSIDE_THE_SYNTH = /^(docs|test|dist|e2e|bench|diff|cluster|\.github)\/|\.md$|^node_modules$/;
const SPECS = /^platforms\//;
/** Cached refs kept; the oldest go first. */
const CACHE_ENTRIES = 20;

export interface RefOutputOptions {
  /** Build the ref in a worktree even when it is cached or only its specs differ (and cache it anew). @default false */
  readonly rebuild?: boolean;
}

export function refOutput(repo: string, ref: string, log: Log, opts: RefOutputOptions = {}): RefOutput {
  const commit = resolveCommit(repo, ref);
  const cacheFile = refCacheFile(repo, commit);
  if (opts.rebuild) {
    log(`${ref}: --rebuild: building the ref`);
    return built(repo, commit, cacheFile, log);
  }
  const cached = readCache(cacheFile);
  if (cached) {
    log(`${ref}: synthesized output cached in ${path.relative(repo, cacheFile)}`);
    return { files: cached, source: 'cache' };
  }
  const changed = changedForTheSynth(repo, commit);
  if (changed.every((p) => SPECS.test(p))) {
    log(`${ref}: only platform specs differ from the working tree (${changed.length} file(s)); rendering them with this checkout's synth`);
    return { files: synthesizeSpecsAtRef(repo, commit, ref), source: 'specs-only' };
  }
  const beyond = changed.filter((p) => !SPECS.test(p));
  log(`${ref}: ${beyond.length} file(s) beyond the specs differ (${beyond.slice(0, 3).join(', ')}${beyond.length > 3 ? ', ...' : ''}); building the ref`);
  return built(repo, commit, cacheFile, log);
}

function built(repo: string, commit: string, cacheFile: string, log: Log): RefOutput {
  const files = synthesizeAtRef(repo, commit, log);
  writeCache(cacheFile, files);
  return { files, source: 'worktree' };
}

/** Where the synthesized output of `commit` is cached, for this checkout's toolchain. */
export function refCacheFile(repo: string, commit: string): string {
  return path.join(repo, '.cache', 'diff', `${toolchainKey(repo, commit)}.json`);
}

/**
 * What a synthesized ref depends on besides its commit: this checkout's Node, installed
 * packages and pinned schemas (a worktree build borrows node_modules, imports/ and the schema
 * cache from here).
 */
function toolchainKey(repo: string, commit: string): string {
  const hash = createHash('sha256').update(`${commit}\n${process.version}\n`);
  for (const rel of ['node_modules/.package-lock.json', 'package-lock.json', 'crds/sources.json', 'cdk8s.yaml']) {
    const file = path.join(repo, rel);
    hash.update(`${rel}\n`).update(fs.existsSync(file) ? fs.readFileSync(file) : 'absent');
  }
  return hash.digest('hex').slice(0, 32);
}

/** Files the synth reads that differ between `commit` and the working tree (untracked ones included). */
export function changedForTheSynth(repo: string, commit: string): string[] {
  const tracked = git(repo, ['diff', '--name-only', '--relative', '-z', commit, '--']).toString().split('\0');
  const untracked = git(repo, ['ls-files', '--others', '--exclude-standard', '-z']).toString().split('\0');
  return [...new Set([...tracked, ...untracked])].filter((p) => p && !OUTSIDE_THE_SYNTH.test(p)).sort();
}

/**
 * Renders the platform files of `commit` with this checkout's compiled synth: a scratch lib/
 * links every compiled folder of this checkout except platforms/, which holds the commit's
 * platform files with their types erased, and carries its own copy of main.js (Node resolves a
 * linked file's requires from its real location, so main.js must really sit there).
 */
function synthesizeSpecsAtRef(repo: string, commit: string, label: string): Map<string, string> {
  const lib = path.join(repo, 'lib');
  if (!fs.existsSync(path.join(lib, 'main.js'))) throw new DiffToolError(`${path.join(lib, 'main.js')} is missing; run \`npm run build\` first`);
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'manifest-diff-specs-'));
  try {
    const scratchLib = path.join(scratch, 'lib');
    fs.mkdirSync(path.join(scratchLib, 'platforms'), { recursive: true });
    for (const entry of fs.readdirSync(lib)) {
      if (entry === 'platforms' || entry === 'main.js') continue;
      fs.symlinkSync(path.join(lib, entry), path.join(scratchLib, entry));
    }
    fs.copyFileSync(path.join(lib, 'main.js'), path.join(scratchLib, 'main.js'));
    for (const [rel, source] of readCommittedTree(repo, commit, 'platforms')) {
      const target = path.join(scratchLib, 'platforms', rel.replace(/\.ts$/, '.js'));
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, rel.endsWith('.ts') ? transpileSource(source, rel, { esModuleInterop: true }) : source);
    }
    return synthesizeCheckout(scratch, label);
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

function readCache(file: string): Map<string, string> | undefined {
  try {
    return new Map(JSON.parse(fs.readFileSync(file, 'utf8')) as [string, string][]);
  } catch {
    return undefined; // absent or unreadable: rebuild
  }
}

function writeCache(file: string, files: ReadonlyMap<string, string>): void {
  const dir = path.dirname(file);
  fs.mkdirSync(dir, { recursive: true });
  const partial = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(partial, JSON.stringify([...files]));
  fs.renameSync(partial, file);
  const entries = fs.readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => ({ f, t: fs.statSync(path.join(dir, f)).mtimeMs }));
  for (const { f } of entries.sort((a, b) => b.t - a.t).slice(CACHE_ENTRIES)) fs.rmSync(path.join(dir, f), { force: true });
}
