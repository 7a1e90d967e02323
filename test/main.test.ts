import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** The CLI as users run it (compiled by `npm test`'s build step). */
const MAIN = path.join(__dirname, '..', 'lib', 'main.js');

function run(args: string[]) {
  return spawnSync(process.execPath, [MAIN, ...args], { encoding: 'utf8' });
}

/** A JS module in a fresh temp folder exporting the platform `tiny` (base as given) under `exportName`; its folder and path. */
function tinyModule(exportName: string, base = "{ namespace: 'tiny' }"): { dir: string; mod: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'main-test-'));
  const mod = path.join(dir, 'tiny.js');
  fs.writeFileSync(mod, `exports.${exportName} = { name: 'tiny', description: 't', base: ${base}, environments: { dev: {} } };\n`);
  return { dir, mod };
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

  test('an unknown platform exits 2 and lists the shipped ones', () => {
    const r = run(['--platform', 'nope']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/expected one of deltran-mvp, deltran-core, recon, vatic-prop, wallet/);
  });

  test('--spec-module synthesizes a platform defined outside the project', () => {
    const { dir, mod } = tinyModule('platform');
    const r = run(['--spec-module', mod, '--outdir', path.join(dir, 'dist')]);
    expect(r.status).toBe(0);
    expect(fs.existsSync(path.join(dir, 'dist', 'tiny', 'dev', 'namespace.k8s.yaml'))).toBe(true);
  });

  test('--help prints every option and an example, exit 0', () => {
    const r = run(['--help']);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    for (const option of ['--platform', '--env', '--outdir', '--check', '--spec-module', '--help']) expect(r.stdout).toContain(option);
    expect(r.stdout).toMatch(/Examples:\n  npm run synth/);
  });

  test.each([
    [['--bogus'], /^synth: unknown option "--bogus"; see `npm run synth -- --help`\n$/],
    [['--platform'], /^synth: --platform needs a value; see `npm run synth -- --help`\n$/],
    [['deltran-mvp'], /^synth: unexpected argument "deltran-mvp" \(options start with --\); see `npm run synth -- --help`\n$/],
    [['--check=yes'], /^synth: --check takes no value; see/],
  ])('a bad command line %j is one line naming it, exit 2', (args, message) => {
    const r = run(args);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
  });

  test('--outdir under folders that do not exist yet creates them', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'main-test-'));
    const r = run(['--platform', 'deltran-core', '--env', 'dev', '--outdir', path.join(dir, 'a', 'b', 'out')]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(fs.existsSync(path.join(dir, 'a', 'b', 'out', 'deltran-core', 'dev', 'namespace.k8s.yaml'))).toBe(true);
  });

  test('an --outdir that cannot be made is one line without a stack trace, exit 1', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'main-test-'));
    fs.writeFileSync(path.join(dir, 'file'), '');
    const r = run(['--platform', 'deltran-core', '--env', 'dev', '--outdir', path.join(dir, 'file', 'out')]);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`synth failed, nothing was written.\ncannot mkdir ${path.join(dir, 'file')}: a file is in the way\n`);
  });

  test('a missing or uncompiled --spec-module is one line, exit 2', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'main-test-'));
    expect(run(['--spec-module', path.join(dir, 'none.js')]).stderr).toBe(`synth: --spec-module ${path.join(dir, 'none.js')}: no such file; see \`npm run synth -- --help\`\n`);
    const ts = path.join(dir, 'shop.ts');
    fs.writeFileSync(ts, "import type { PlatformDefinition } from './spec';\nexport const shop: PlatformDefinition = {} as PlatformDefinition;\n");
    const r = run(['--spec-module', ts]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^synth: --spec-module .*shop\.ts cannot be loaded \(.*\); it must be compiled JavaScript; see `npm run synth -- --help`\n$/);
  });

  test('--spec-module takes a module whose only export is a platform, whatever its name', () => {
    const { dir, mod } = tinyModule('tiny');
    const r = run(['--spec-module', mod, '--outdir', path.join(dir, 'dist')]);
    expect(r.stderr).toBe('');
    expect(fs.existsSync(path.join(dir, 'dist', 'tiny', 'dev', 'namespace.k8s.yaml'))).toBe(true);
  });

  test('a validation problem in the output is reported without a stack trace, exit 1, nothing written', () => {
    const { dir, mod } = tinyModule('platform', "{ namespace: 'tiny', services: { api: { image: 'ghcr.io/a/api:latest', ports: { http: { port: 8080 } } } } }");
    const r = run(['--spec-module', mod, '--outdir', path.join(dir, 'dist')]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^synth failed, nothing was written\.\n1 validation problem in the synthesized manifests:\n  tiny\/dev: Deployment\/tiny\/api  \[image-tag\]/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(fs.existsSync(path.join(dir, 'dist'))).toBe(false);
  });
});

