/**
 * `npm run cdk8s -- synth`, the cdk8s CLI as the project runs it (cdk8s.yaml, package.json):
 * it renders through the compiled app and never checks npm for a newer CLI, so it prints no
 * upgrade notice online and no stack trace offline.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const PROJECT = path.join(__dirname, '..');

describe('npm run cdk8s', () => {
  jest.setTimeout(60_000);

  test('synth runs the compiled app quietly: no upgrade check, nothing on stderr', () => {
    if (!fs.existsSync(path.join(PROJECT, 'lib', 'main.js'))) throw new Error('lib/main.js is missing: run `npm run build` (npm test does it first)');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-cli-'));
    const app = `node lib/main.js --platform deltran-core --env dev --outdir ${path.join(dir, 'dist')}`;
    // a fresh HOME: the CLI caches the latest version it saw under ~/.cdk8s-cli.version for 30 minutes
    const env: NodeJS.ProcessEnv = { ...process.env, HOME: dir };
    delete env.CDK8S_CHECK_UPGRADE;
    const r = spawnSync('npm', ['run', '--silent', 'cdk8s', '--', 'synth', '--app', app, '--output', path.join(dir, 'cli-out')], { cwd: PROJECT, env, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('deltran-core.dev.namespace.k8s.yaml');
    expect(fs.existsSync(path.join(dir, '.cdk8s-cli.version'))).toBe(false);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
