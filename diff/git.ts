/**
 * Git and process plumbing for the manifest diff: reading a committed dist/ at a ref,
 * synthesizing the spec of a ref in a throw-away worktree, synthesizing the working tree.
 */
import { spawnSync, SpawnSyncOptions } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { transpileProject } from './transpile';

export class DiffToolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DiffToolError';
  }
}

/** Progress messages go to stderr so stdout stays a clean report. */
export type Log = (message: string) => void;

interface RunResult { status: number; stdout: Buffer; stderr: string }

function run(cmd: string, args: string[], opts: SpawnSyncOptions & { input?: string | Buffer } = {}): RunResult {
  const r = spawnSync(cmd, args, { maxBuffer: 1 << 30, ...opts });
  if (r.error) throw new DiffToolError(`cannot run ${cmd}: ${r.error.message}`);
  return { status: r.status ?? 1, stdout: r.stdout as Buffer, stderr: String(r.stderr ?? '') };
}

export function git(repo: string, args: string[], input?: string | Buffer): Buffer {
  const r = run('git', args, { cwd: repo, input });
  if (r.status !== 0) throw new DiffToolError(`git ${args.join(' ')} failed: ${r.stderr.trim()}`);
  return r.stdout;
}

/** The commit a ref names; a clear error for a ref that does not exist (e.g. a shallow clone). */
export function resolveCommit(repo: string, ref: string): string {
  const r = run('git', ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], { cwd: repo });
  if (r.status !== 0) {
    throw new DiffToolError(`"${ref}" is not a commit in ${repo}; fetch it first (in CI: actions/checkout with fetch-depth: 0)`);
  }
  return r.stdout.toString().trim();
}

/**
 * The committed files under `dir` at `ref`, relative to `dir`, with one `git ls-tree` and one
 * `git cat-file --batch` however many files there are.
 */
export function readCommittedTree(repo: string, ref: string, dir = 'dist'): Map<string, string> {
  const commit = resolveCommit(repo, ref);
  const listing = git(repo, ['ls-tree', '-r', '-z', '--full-tree', commit, '--', dir]).toString();
  const entries = listing.split('\0').filter(Boolean).map((line) => {
    const tab = line.indexOf('\t');
    const [, type, sha] = line.slice(0, tab).split(' ');
    return { type, sha, file: line.slice(tab + 1) };
  }).filter((e) => e.type === 'blob');
  const out = new Map<string, string>();
  if (entries.length === 0) return out;
  const batch = git(repo, ['cat-file', '--batch'], entries.map((e) => `${e.sha}\n`).join(''));
  let offset = 0;
  for (const e of entries) {
    const headerEnd = batch.indexOf(0x0a, offset);
    const [, , size] = batch.subarray(offset, headerEnd).toString().split(' ');
    const start = headerEnd + 1;
    const end = start + Number(size);
    out.set(path.posix.relative(dir, e.file), batch.subarray(start, end).toString('utf8'));
    offset = end + 1;
  }
  return out;
}

/** Every file under `dir`, relative, as text. */
export function readDirTree(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (rel: string) => {
    for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(child);
      else out.set(child, fs.readFileSync(path.join(dir, child), 'utf8'));
    }
  };
  if (fs.existsSync(dir)) walk('');
  return out;
}

/** Runs a checkout's compiled synth (`node lib/main.js --outdir <tmp>`) and returns what it rendered. */
export function synthesizeCheckout(checkout: string, label: string): Map<string, string> {
  const main = path.join(checkout, 'lib', 'main.js');
  if (!fs.existsSync(main)) throw new DiffToolError(`${label}: ${main} is missing; run \`npm run build\` first`);
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'manifest-diff-out-'));
  try {
    const env = { ...process.env };
    delete env.CDK8S_OUTDIR;
    const r = run(process.execPath, [main, '--outdir', outdir], { cwd: checkout, env });
    if (r.status !== 0) throw new DiffToolError(`${label}: synth failed (exit ${r.status}):\n${r.stderr.trim()}`);
    return readDirTree(outdir);
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

/** Generated or installed folders a fresh checkout of the project lacks, shared read-only from the current one. */
const SHARED_DIRS = ['node_modules', 'imports'];

/**
 * Synthesizes the spec as it was at `ref`: `git worktree add --detach` into a temp folder, reuse
 * this checkout's node_modules, imports/ and schema cache through symlinks, compile its sources
 * (transpileProject), run its lib/main.js. The worktree is always removed, also when any step fails.
 */
export function synthesizeAtRef(repo: string, ref: string, log: Log): Map<string, string> {
  const commit = resolveCommit(repo, ref);
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'manifest-diff-'));
  const worktree = path.join(parent, 'checkout');
  const links: string[] = [];
  let added = false;
  try {
    log(`checking out ${ref} (${commit.slice(0, 12)}) into a temporary worktree: ${worktree}`);
    git(repo, ['worktree', 'add', '--detach', worktree, commit]);
    added = true;
    for (const dir of SHARED_DIRS) {
      const source = path.join(repo, dir);
      if (!fs.existsSync(source) || fs.existsSync(path.join(worktree, dir))) continue;
      fs.symlinkSync(source, path.join(worktree, dir), 'dir');
      links.push(path.join(worktree, dir));
    }
    // the schema cache is shared; the build info must not be (tsc would skip emitting)
    const cache = path.join(repo, '.cache');
    if (fs.existsSync(cache)) {
      fs.mkdirSync(path.join(worktree, '.cache'), { recursive: true });
      for (const entry of fs.readdirSync(cache)) {
        if (/tsbuildinfo/.test(entry) || fs.existsSync(path.join(worktree, '.cache', entry))) continue;
        fs.symlinkSync(path.join(cache, entry), path.join(worktree, '.cache', entry));
        links.push(path.join(worktree, '.cache', entry));
      }
    }
    log(`building ${ref}`);
    try {
      // imports/ is this checkout's (linked above), so its compiled form is this checkout's too
      const compiledImports = path.join(repo, 'lib', 'imports');
      const reuse = links.includes(path.join(worktree, 'imports')) && fs.existsSync(compiledImports);
      if (reuse) {
        fs.mkdirSync(path.join(worktree, 'lib'), { recursive: true });
        fs.symlinkSync(compiledImports, path.join(worktree, 'lib', 'imports'), 'dir');
        links.push(path.join(worktree, 'lib', 'imports'));
      }
      const count = transpileProject(worktree, reuse ? ['imports'] : []);
      log(`${ref}: compiled ${count} files (types erased, as isolatedModules allows)${reuse ? '; the CRD bindings reused from lib/imports' : ''}`);
    } catch (err) {
      throw new DiffToolError(`${ref}: the build failed:\n${(err as Error).message}`);
    }
    if (!fs.existsSync(path.join(worktree, 'lib', 'main.js'))) throw new DiffToolError(`${ref}: the build failed: it made no lib/main.js`);
    log(`synthesizing ${ref}`);
    return synthesizeCheckout(worktree, ref);
  } finally {
    // unlink the shared folders first so nothing below can ever reach into the real ones
    for (const link of links) {
      try { fs.unlinkSync(link); } catch { /* already gone */ }
    }
    if (added) {
      const r = run('git', ['worktree', 'remove', '--force', worktree], { cwd: repo });
      if (r.status !== 0) {
        fs.rmSync(worktree, { recursive: true, force: true });
        run('git', ['worktree', 'prune'], { cwd: repo });
      }
    }
    fs.rmSync(parent, { recursive: true, force: true });
  }
}
