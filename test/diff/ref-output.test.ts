/**
 * How the diff obtains a ref's manifests: from the cache, by rendering only the ref's specs with
 * this checkout's synth, or (decided here, run in git.test.ts) by building the ref.
 */
import * as fs from 'fs';
import * as path from 'path';
import { readDirTree } from '../../diff/git';
import { changedForTheSynth, refCacheFile, refOutput } from '../../diff/ref-output';
import { TempRepo } from './temp-repo';

const PROJECT = path.join(__dirname, '..', '..');

describe('refOutput', () => {
  jest.setTimeout(120_000);
  const repo = new TempRepo('diff-ref-output-');
  let commit = '';

  beforeAll(() => {
    if (!fs.existsSync(path.join(PROJECT, 'lib', 'main.js'))) throw new Error('lib/main.js is missing: run `npm run build` (npm test does it first)');
    for (const entry of ['main.ts', 'cli', 'package.json', 'tsconfig.json', '.gitignore', 'charts', 'platforms', 'synth', 'validation', 'crds', 'docs']) {
      fs.cpSync(path.join(PROJECT, entry), path.join(repo.dir, entry), { recursive: true });
    }
    // the compiled synth of these very sources, as `npm run diff` builds it first
    fs.appendFileSync(path.join(repo.dir, '.git', 'info', 'exclude'), '/lib\n/.cache/\n');
    fs.symlinkSync(path.join(PROJECT, 'lib'), path.join(repo.dir, 'lib'));
    commit = repo.commit('project sources');
  });

  afterAll(() => repo.remove());

  test('files the synth never reads do not count as changes; sources and specs do', () => {
    repo.write('docs/new-page.md', '# new\n');
    repo.write('test/extra.test.ts', '// a test\n');
    repo.write('platforms/README.md', 'notes\n');
    expect(changedForTheSynth(repo.dir, commit)).toEqual([]);
    repo.write('platforms/new-platform.ts', 'export {};\n');
    fs.appendFileSync(path.join(repo.dir, 'charts', 'spec.ts'), '\n');
    expect(changedForTheSynth(repo.dir, commit)).toEqual(['charts/spec.ts', 'platforms/new-platform.ts']);
    repo.git('checkout', '-q', '--', '.');
    repo.git('clean', '-q', '-fd', '--', 'docs', 'test', 'platforms');
    expect(changedForTheSynth(repo.dir, commit)).toEqual([]);
  });

  test('a spec-only change renders the ref\'s specs with this checkout\'s synth, byte for byte the committed dist/', () => {
    const file = path.join(repo.dir, 'platforms', 'deltran-core.ts');
    const original = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(file, original.replace("storage: { size: '20Gi' }", "storage: { size: '21Gi' }"));
    expect(fs.readFileSync(file, 'utf8')).not.toBe(original);
    const log: string[] = [];
    const out = refOutput(repo.dir, commit, (m) => log.push(m));
    expect(out.source).toBe('specs-only');
    expect(log.join('\n')).toMatch(/only platform specs differ from the working tree \(1 file\(s\)\)/);
    // the committed dist/ is a fresh synth of these specs (test/dist.test.ts), so it is the expected output
    expect(out.files).toEqual(readDirTree(path.join(PROJECT, 'dist')));
    fs.writeFileSync(file, original);
  });

  test('a ref built before comes from the cache, whatever differs; the key follows the commit and the toolchain', () => {
    const cacheFile = refCacheFile(repo.dir, commit);
    fs.mkdirSync(path.dirname(cacheFile), { recursive: true });
    fs.writeFileSync(cacheFile, JSON.stringify([['p/dev/a.k8s.yaml', 'kind: A\n']]));
    fs.appendFileSync(path.join(repo.dir, 'charts', 'spec.ts'), '\n');
    const out = refOutput(repo.dir, commit, () => undefined);
    expect(out).toEqual({ source: 'cache', files: new Map([['p/dev/a.k8s.yaml', 'kind: A\n']]) });

    repo.write('package-lock.json', '{"lockfileVersion": 3}\n');
    expect(refCacheFile(repo.dir, commit)).not.toBe(cacheFile);
    fs.rmSync(path.join(repo.dir, 'package-lock.json'));
    expect(refCacheFile(repo.dir, commit)).toBe(cacheFile);
    const other = repo.commit('another commit');
    expect(refCacheFile(repo.dir, other)).not.toBe(cacheFile);
  });
});
