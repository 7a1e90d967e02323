/**
 * synth/bundle.ts: the build's bundle of synth/run is loaded only when current, its V8 code cache
 * is written once and then used, a damaged cache is replaced, and the CLI's bundled synth writes
 * exactly what dist/ holds.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { loadBundle } from '../../synth/bundle';
import { tempDir } from '../temp-dirs';

const ROOT = path.join(__dirname, '..', '..');
/** The compiled loader, for child processes: the cache is written when the process exits. */
const COMPILED_LOADER = path.join(ROOT, 'lib', 'synth', 'bundle.js');

/** A lib/ folder with synth/run.js and, unless told otherwise, a newer synth/run.bundle.js. */
function fakeLib(options: { bundle?: boolean; bundleOlder?: boolean } = {}): { lib: string; cache: string } {
  const dir = tempDir('bundle-test-');
  const lib = path.join(dir, 'lib');
  fs.mkdirSync(path.join(lib, 'synth'), { recursive: true });
  const run = path.join(lib, 'synth', 'run.js');
  const bundle = path.join(lib, 'synth', 'run.bundle.js');
  fs.writeFileSync(run, 'module.exports = { from: "modules" };\n');
  if (options.bundle !== false) {
    // a function the load does not call, so the cache written after the run differs from one written before
    fs.writeFileSync(bundle, 'const later = (n) => n * 2;\nmodule.exports = { from: "bundle", dir: __dirname, later, answer: later(21) };\n');
    const past = new Date(Date.now() - 60_000);
    if (options.bundleOlder) fs.utimesSync(bundle, past, past);
    else fs.utimesSync(run, past, past);
  }
  return { lib, cache: path.join(dir, 'cache') };
}

function loadInChild(lib: string, cache: string, env: NodeJS.ProcessEnv = {}) {
  const script = `const r = require(${JSON.stringify(COMPILED_LOADER)}).loadBundle(${JSON.stringify(lib)}, ${JSON.stringify(cache)}); console.log(JSON.stringify(r));`;
  const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', env: { ...process.env, ...env } });
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout);
}

const cacheFiles = (cache: string) => (fs.existsSync(cache) ? fs.readdirSync(cache) : []);

describe('loadBundle', () => {
  beforeAll(() => {
    if (!fs.existsSync(COMPILED_LOADER)) throw new Error('lib/synth/bundle.js is missing: run `npm run build` (npm test does it first)');
  });

  test('no bundle: undefined, the modules are loaded as usual', () => {
    const { lib, cache } = fakeLib({ bundle: false });
    expect(loadBundle(lib, cache)).toBeUndefined();
  });

  test('a bundle older than lib/synth/run.js (a tsc since the build): undefined', () => {
    const { lib, cache } = fakeLib({ bundleOlder: true });
    expect(loadBundle(lib, cache)).toBeUndefined();
  });

  test('a current bundle is loaded with its own __dirname', () => {
    const { lib, cache } = fakeLib();
    expect(loadBundle<{ from: string; dir: string; answer: number }>(lib, cache)).toMatchObject({ from: 'bundle', dir: path.join(lib, 'synth'), answer: 42 });
  });

  test('a linked synth folder (the diff\'s scratch lib/): the bundle runs from its real path', () => {
    const { lib, cache } = fakeLib();
    const scratch = tempDir('bundle-test-scratch-');
    fs.symlinkSync(path.join(lib, 'synth'), path.join(scratch, 'synth'));
    expect(loadBundle<{ dir: string }>(scratch, cache)?.dir).toBe(fs.realpathSync(path.join(lib, 'synth')));
  });

  test('the code cache is written at exit after the first load, then used as it is', () => {
    const { lib, cache } = fakeLib();
    expect(loadInChild(lib, cache)).toMatchObject({ from: 'bundle', answer: 42 });
    const [file] = cacheFiles(cache);
    expect(file).toMatch(/^run\.bundle-\d+-\d+\.v8$/);
    const written = fs.statSync(path.join(cache, file));
    expect(loadInChild(lib, cache)).toMatchObject({ from: 'bundle', answer: 42 });
    // accepted by V8, so not written again
    expect(fs.statSync(path.join(cache, file)).mtimeMs).toBe(written.mtimeMs);
    expect(cacheFiles(cache)).toEqual([file]);
  });

  test('a damaged cache is rejected by V8 and replaced; the bundle still loads', () => {
    const { lib, cache } = fakeLib();
    loadInChild(lib, cache);
    const [file] = cacheFiles(cache);
    fs.writeFileSync(path.join(cache, file), 'not V8 code');
    expect(loadInChild(lib, cache)).toMatchObject({ from: 'bundle', answer: 42 });
    expect(fs.readFileSync(path.join(cache, file)).toString()).not.toBe('not V8 code');
  });

  test('a rebuilt bundle gets a new cache entry and the old one is removed', () => {
    const { lib, cache } = fakeLib();
    loadInChild(lib, cache);
    const [first] = cacheFiles(cache);
    const bundle = path.join(lib, 'synth', 'run.bundle.js');
    fs.appendFileSync(bundle, '// rebuilt\n');
    const [second] = (loadInChild(lib, cache), cacheFiles(cache));
    expect(second).not.toBe(first);
    expect(cacheFiles(cache)).toEqual([second]);
  });

  test('a bundle that is not ASCII is decoded as UTF-8: its characters arrive intact', () => {
    const { lib, cache } = fakeLib();
    fs.writeFileSync(path.join(lib, 'synth', 'run.bundle.js'), 'module.exports = { unit: "\u00b5s", matches: /^µs$/.test("\u00b5s") };\n');
    expect(loadBundle(lib, cache)).toEqual({ unit: '\u00b5s', matches: true });
  });

  test('CODE_CACHE=off: loaded without a cache, none written', () => {
    const { lib, cache } = fakeLib();
    expect(loadInChild(lib, cache, { CODE_CACHE: 'off' })).toMatchObject({ from: 'bundle' });
    expect(cacheFiles(cache)).toEqual([]);
  });
});

test('the build\'s bundle is ASCII, so it is read as Latin-1 (a character outside it: escape it in the source)', () => {
  const text = fs.readFileSync(path.join(ROOT, 'lib', 'synth', 'run.bundle.js'), 'latin1');
  const first = text.search(/[^\x00-\x7f]/);
  // the first one in context, to find it in the sources
  expect(first === -1 ? '' : text.slice(Math.max(0, first - 40), first + 20)).toBe('');
});

test('the CLI loads the build\'s bundle, and it writes exactly what dist/ holds', () => {
  const bundle = path.join(ROOT, 'lib', 'synth', 'run.bundle.js');
  expect(fs.statSync(bundle).mtimeMs).toBeGreaterThanOrEqual(fs.statSync(path.join(ROOT, 'lib', 'synth', 'run.js')).mtimeMs);
  const probe = `const b = require(${JSON.stringify(COMPILED_LOADER)}); const orig = b.loadBundle; let used = false;
    b.loadBundle = (...a) => { const r = orig(...a); used = r !== undefined; return r; };
    process.on('exit', () => process.stderr.write(used ? 'bundle used\\n' : 'bundle not used\\n'));`;
  const r = spawnSync(process.execPath, ['-e', `${probe} process.argv.splice(1, 0, 'main'); require(${JSON.stringify(path.join(ROOT, 'lib', 'main.js'))});`, '--', '--check'],
    { encoding: 'utf8', cwd: ROOT });
  expect(r.stderr).toBe('bundle used\n');
  expect(r.stdout).toMatch(/^dist is up to date/);
  expect(r.status).toBe(0);
});
