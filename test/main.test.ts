import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { listFiles } from '../synth/write';
import { tempDir } from './temp-dirs';

/** The CLI as users run it (compiled by `npm test`'s build step). */
const MAIN = path.join(__dirname, '..', 'lib', 'main.js');

function run(args: string[]) {
  return spawnSync(process.execPath, [MAIN, ...args], { encoding: 'utf8' });
}

/** A JS module in a fresh temp folder exporting the platform `tiny` (base as given) under `exportName`; its folder and path. */
function tinyModule(exportName: string, base = "{ namespace: 'tiny' }"): { dir: string; mod: string } {
  const dir = tempDir('main-test-');
  const mod = path.join(dir, 'tiny.js');
  fs.writeFileSync(mod, `exports.${exportName} = { name: 'tiny', description: 't', base: ${base}, environments: { dev: {} } };\n`);
  return { dir, mod };
}

describe('main', () => {
  beforeAll(() => {
    if (!fs.existsSync(MAIN)) throw new Error('lib/main.js is missing: run `npm run build` (npm test does it first)');
  });

  test('synthesizes one platform environment into --outdir', () => {
    const out = tempDir('main-test-');
    const r = run(['--platform', 'deltran-mvp', '--env', 'dev', '--outdir', out]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/synthesized \d+ files, \d+ objects, validated/);
    expect(fs.existsSync(path.join(out, 'deltran-mvp', 'dev', 'namespace.k8s.yaml'))).toBe(true);
  });

  test('the YAML is the same rendered afresh (RENDER_CACHE=off) and taken from the render cache', () => {
    const out = (env: NodeJS.ProcessEnv) => {
      const dir = tempDir('main-test-');
      const r = spawnSync(process.execPath, [MAIN, '--platform', 'wallet', '--env', 'dev', '--outdir', dir], { encoding: 'utf8', env: { ...process.env, ...env } });
      expect(r.status).toBe(0);
      return Object.fromEntries(listFiles(dir).map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')]));
    };
    const fresh = out({ RENDER_CACHE: 'off' });
    out({});
    expect(out({})).toEqual(fresh);
  });

  test('an unknown environment exits 1, names the fix and writes nothing', () => {
    const out = tempDir('main-test-');
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

  test('a JSON spec with a $schema line for editors is checked like any other', () => {
    const dir = tempDir('main-test-');
    const spec = path.join(dir, 'tiny.json');
    const def = { $schema: '../platform.schema.json', name: 'tiny', description: 't', base: { namespace: 'tiny', servics: {} }, environments: { dev: {} } };
    fs.writeFileSync(spec, JSON.stringify(def));
    const bad = run(['--spec-module', spec, '--outdir', path.join(dir, 'dist')]);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/platforms\/tiny\.base\.servics: .*Fix: did you mean "services"\?/);
    fs.writeFileSync(spec, JSON.stringify({ ...def, base: { namespace: 'tiny' } }));
    const good = run(['--spec-module', spec, '--outdir', path.join(dir, 'dist')]);
    expect(good.stderr).toBe('');
    expect(fs.existsSync(path.join(dir, 'dist', 'tiny', 'dev', 'namespace.k8s.yaml'))).toBe(true);
  });

  describe('a bad spec module is refused with one line per problem and leaves the output as it was', () => {
    const dir = tempDir('main-test-');
    const out = path.join(dir, 'dist');
    /** A plain-JS spec module: what the type checker never sees. `gateway` is merged into the gateway service. */
    const specModule = (name: string, gateway: string, prod = '{}', dev = '{}') => {
      const file = path.join(dir, `${name}.js`);
      fs.writeFileSync(file, `const shared = { replicas: 2 };
exports.platform = { name: 'tiny', description: 't', base: { namespace: 'tiny',
  redis: { storage: { size: '1Gi' }, passwordSecret: { name: 'tiny-redis', key: 'password' } },
  services: { gateway: { image: 'ghcr.io/tiny/gateway:1.0.0', ports: { http: { port: 8080 } }, ...shared, ${gateway} } } },
  environments: { dev: ${dev}, prod: ${prod} } };
`);
      return file;
    };
    const files = (root: string) => Object.fromEntries(listFiles(root).map((f) => [f, fs.readFileSync(path.join(root, f), 'utf8')]));
    let before: Record<string, string>;

    beforeAll(() => {
      const r = run(['--spec-module', specModule('good', "talksTo: ['redis']"), '--outdir', out]);
      expect(r.stderr).toBe('');
      before = files(out);
      expect(Object.keys(before)).toContain('tiny/prod/svc-gateway.k8s.yaml');
    });

    test.each([
      ['a misspelled key (talkTo)', "talkTo: ['redis']",
        /platforms\/tiny\.base\.services\.gateway\.talkTo: received \["redis"\]; expected a known key .*Fix: did you mean "talksTo"\? rename the key/],
      ['a string for a list (talksTo: \'redis\')', "talksTo: 'redis'",
        /platforms\/tiny\.base\.services\.gateway\.talksTo: received "redis"; expected a list of strings\. Fix: write it as a list: \["redis"\]/],
      ['a memory limit below the request', "resources: { memoryRequest: '1Gi', memoryLimit: '512Mi' }",
        /platforms\/tiny\[dev,prod\]\.services\.gateway\.resources\.memoryLimit: received "512Mi"; expected at least memoryRequest \(1Gi\)/],
      ['a literal secret', "env: { STRIPE_KEY: 'sk_live_4eC39HqLyjWDarjtT1zdp7dc' }",
        /platforms\/tiny\[dev,prod\]\.services\.gateway\.env\.STRIPE_KEY: received "<redacted literal>"; expected a Secret reference \{name, key\}, not a literal \(the value looks like a Stripe live key\)/],
    ])('%s', (_label, gateway, message) => {
      const r = run(['--spec-module', specModule('bad', gateway), '--outdir', out]);
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/^synth failed, nothing was written\.\ninvalid platform spec \(1 problem\):\n/);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
      expect(r.stderr).not.toMatch(/sk_live_/);
      expect(files(out)).toEqual(before);
    });

    test('a volume above 64Ti (the generated validators\' own keyword, its check linked into the bundle)', () => {
      const r = run(['--spec-module', specModule('big', "talksTo: ['redis']", "{ redis: { storage: { size: '100Ti' } } }"), '--outdir', out]);
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/\n  platforms\/tiny\.environments\.prod\.redis\.storage\.size: received "100Ti"; expected a quantity of at most 64Ti/);
      expect(files(out)).toEqual(before);
    });

    test('the problems of every environment in one run', () => {
      const r = run(['--spec-module', specModule('both', "talksTo: ['redis']", "{ services: { gateway: { replicaz: 3 } }, redis: { sentinels: 100 } }",
        "{ services: { gateway: { resources: { memoryRequest: '1Gi', memoryLimit: '512Mi' } } } }"), '--outdir', out]);
      expect(r.status).toBe(1);
      const lines = r.stderr.split('\n').filter((l) => l.startsWith('  '));
      expect(lines).toEqual([
        expect.stringMatching(/^  platforms\/tiny\.environments\.prod\.redis\.sentinels: received 100; expected an integer from 1 to 9/),
        expect.stringMatching(/^  platforms\/tiny\.environments\.prod\.services\.gateway\.replicaz: .*did you mean "replicas"/),
        expect.stringMatching(/^  platforms\/tiny\[dev\]\.services\.gateway\.resources\.memoryLimit: received "512Mi"/),
      ]);
      expect(files(out)).toEqual(before);
    });
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
    const dir = tempDir('main-test-');
    const r = run(['--platform', 'deltran-core', '--env', 'dev', '--outdir', path.join(dir, 'a', 'b', 'out')]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(fs.existsSync(path.join(dir, 'a', 'b', 'out', 'deltran-core', 'dev', 'namespace.k8s.yaml'))).toBe(true);
  });

  test('an --outdir that cannot be made is one line without a stack trace, exit 1', () => {
    const dir = tempDir('main-test-');
    fs.writeFileSync(path.join(dir, 'file'), '');
    const r = run(['--platform', 'deltran-core', '--env', 'dev', '--outdir', path.join(dir, 'file', 'out')]);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`synth failed, nothing was written.\ncannot mkdir ${path.join(dir, 'file')}: a file is in the way\n`);
  });

  test('a missing or uncompiled --spec-module is one line, exit 2', () => {
    const dir = tempDir('main-test-');
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

