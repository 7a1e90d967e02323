import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** The CLI as users run it (compiled by `npm test`'s build step). */
const MAIN = path.join(__dirname, '..', 'lib', 'main.js');

function run(args: string[]) {
  return spawnSync(process.execPath, [MAIN, ...args], { encoding: 'utf8' });
}

describe('main', () => {
  beforeAll(() => {
    if (!fs.existsSync(MAIN)) throw new Error('lib/main.js is missing: run `npm run build` (npm test does it first)');
  });

  test('synthesizes one platform environment into --outdir', () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'main-test-'));
    const r = run(['--platform', 'deltran-mvp', '--env', 'dev', '--outdir', out]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/synthesized \d+ files, \d+ objects, validated/);
    expect(fs.existsSync(path.join(out, 'deltran-mvp', 'dev', 'namespace.k8s.yaml'))).toBe(true);
  });

  test('an unknown environment exits 1, names the fix and writes nothing', () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'main-test-'));
    const r = run(['--platform', 'deltran-mvp', '--env', 'qa', '--outdir', out]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/synth failed, nothing was written/);
    expect(r.stderr).toMatch(/platforms\/deltran-mvp\.environments: received "qa"; expected one of "dev", "staging", "prod"/);
    expect(fs.readdirSync(out)).toEqual([]);
  });

  test('an unknown platform exits 1 and lists the shipped ones', () => {
    const r = run(['--platform', 'nope']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/expected one of deltran-mvp, deltran-core, recon, vatic-prop, wallet/);
  });

  test('--spec-module synthesizes a platform defined outside the project', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'main-test-'));
    const mod = path.join(dir, 'tiny.js');
    fs.writeFileSync(mod, "exports.platform = { name: 'tiny', description: 't', base: { namespace: 'tiny' }, environments: { dev: {} } };\n");
    const r = run(['--spec-module', mod, '--outdir', path.join(dir, 'dist')]);
    expect(r.status).toBe(0);
    expect(fs.existsSync(path.join(dir, 'dist', 'tiny', 'dev', 'namespace.k8s.yaml'))).toBe(true);
  });
});
