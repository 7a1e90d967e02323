import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DiffToolError, readCommittedTree, readDirTree, synthesizeAtRef } from '../../diff/git';
import { TempRepo } from './temp-repo';

const PROJECT = path.join(__dirname, '..', '..');

describe('readCommittedTree', () => {
  const repo = new TempRepo();
  afterAll(() => repo.remove());

  test('every file under dist/ at a ref, relative to dist/, byte for byte', () => {
    const unicode = 'description: "Zahlungsverkehr – ünïcödé"\n';
    repo.write('dist/p/dev/a.k8s.yaml', 'kind: A\n');
    repo.write('dist/p/dev/b.k8s.yaml', unicode);
    repo.write('other/x.yaml', 'kind: X\n');
    const first = repo.commit('one');
    repo.write('dist/p/dev/a.k8s.yaml', 'kind: A2\n');
    repo.write('dist/p/prod/c.k8s.yaml', '');
    repo.commit('two');
    expect(readCommittedTree(repo.dir, first)).toEqual(new Map([['p/dev/a.k8s.yaml', 'kind: A\n'], ['p/dev/b.k8s.yaml', unicode]]));
    expect(readCommittedTree(repo.dir, 'HEAD')).toEqual(new Map([
      ['p/dev/a.k8s.yaml', 'kind: A2\n'], ['p/dev/b.k8s.yaml', unicode], ['p/prod/c.k8s.yaml', ''],
    ]));
  });

  test('a ref without dist/ gives an empty tree; an unknown ref a clear error', () => {
    expect(readCommittedTree(repo.dir, 'HEAD', 'nothing-here').size).toBe(0);
    expect(() => readCommittedTree(repo.dir, 'origin/nope')).toThrow(DiffToolError);
    expect(() => readCommittedTree(repo.dir, 'origin/nope')).toThrow(/"origin\/nope" is not a commit .*fetch-depth: 0/);
  });
});

/**
 * The default mode for real: a repository holding a copy of this project's sources, built and
 * synthesized in a temporary worktree that shares node_modules, imports/ and the schema cache.
 */
describe('synthesizeAtRef', () => {
  jest.setTimeout(180_000);
  const repo = new TempRepo('diff-worktree-');
  const messages: string[] = [];
  let good = '';
  let broken = '';

  beforeAll(() => {
    for (const entry of ['main.ts', 'cli', 'package.json', 'tsconfig.json', 'platform.schema.json', '.gitignore', 'charts', 'platforms', 'synth', 'validation', 'crds', 'diff']) {
      fs.cpSync(path.join(PROJECT, entry), path.join(repo.dir, entry), { recursive: true });
    }
    // a project checkout has these installed or generated (git-ignored); the worktree links to them
    fs.appendFileSync(path.join(repo.dir, '.git', 'info', 'exclude'), '/node_modules\n/imports\n/.cache\n/lib/\n');
    fs.symlinkSync(path.join(PROJECT, 'node_modules'), path.join(repo.dir, 'node_modules'));
    fs.symlinkSync(path.join(PROJECT, 'imports'), path.join(repo.dir, 'imports'));
    // and compiled: a ref's build reuses lib/imports, as in a checkout where `npm run build` ran
    fs.mkdirSync(path.join(repo.dir, 'lib'));
    fs.symlinkSync(path.join(PROJECT, 'lib', 'imports'), path.join(repo.dir, 'lib', 'imports'));
    fs.mkdirSync(path.join(repo.dir, '.cache'));
    fs.symlinkSync(path.join(PROJECT, '.cache', 'schemas'), path.join(repo.dir, '.cache', 'schemas'));
    good = repo.commit('project sources');
    fs.rmSync(path.join(repo.dir, 'tsconfig.json'));
    broken = repo.commit('no tsconfig: the build cannot run');
  });

  afterAll(() => repo.remove());

  /** The worktree folder the run announced; it must be gone afterwards. */
  const worktreeOf = (log: string[]) => /temporary worktree: (\S+)$/.exec(log.find((m) => /temporary worktree/.test(m)) ?? '')![1];

  test('builds and synthesizes the ref exactly like the committed dist/, then removes the worktree and leaves the shared folders alone', () => {
    // the copied sources are this checkout's, whose committed dist/ is a fresh synth (test/dist.test.ts)
    const files = synthesizeAtRef(repo.dir, good, (m) => messages.push(m));
    expect(files).toEqual(readDirTree(path.join(PROJECT, 'dist')));
    expect(files.get('deltran-mvp/dev/namespace.k8s.yaml')).toMatch(/kind: Namespace/);
    expect(messages.join('\n')).toMatch(/compiled \d+ files .*; the CRD bindings reused from lib\/imports/);
    const worktree = worktreeOf(messages);
    expect(worktree.startsWith(os.tmpdir())).toBe(true);
    expect(fs.existsSync(path.dirname(worktree))).toBe(false);
    expect(repo.worktrees()).toEqual([fs.realpathSync(repo.dir)]);
    expect(fs.existsSync(path.join(PROJECT, 'node_modules', 'yaml', 'package.json'))).toBe(true);
    expect(fs.existsSync(path.join(PROJECT, 'imports'))).toBe(true);
    expect(fs.existsSync(path.join(PROJECT, 'lib', 'imports', 'istio-networking.istio.io.js'))).toBe(true);
    expect(fs.existsSync(path.join(PROJECT, '.cache', 'schemas'))).toBe(true);
  });

  test('a ref that cannot be built fails clearly and still removes its worktree', () => {
    const log: string[] = [];
    expect(() => synthesizeAtRef(repo.dir, broken, (m) => log.push(m))).toThrow(/the build failed/);
    expect(repo.worktrees()).toEqual([fs.realpathSync(repo.dir)]);
    expect(fs.existsSync(path.dirname(worktreeOf(log)))).toBe(false);
    expect(fs.existsSync(path.join(PROJECT, 'node_modules', 'typescript'))).toBe(true);
  });
});
