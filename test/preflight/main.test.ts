import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { tempDir } from '../temp-dirs';

/** The CLI as users run it (compiled by `npm test`'s build step). */
const MAIN = path.join(__dirname, '..', '..', 'lib', 'preflight', 'main.js');
const run = (args: string[]) => spawnSync(process.execPath, [MAIN, ...args], { encoding: 'utf8', env: { ...process.env, KUBECONFIG: '' } });

/** A kubeconfig whose contexts all point at a port nothing listens on. */
function kubeconfigWith(contexts: string[]): string {
  const file = path.join(tempDir('preflight-test-'), 'config');
  fs.writeFileSync(file, [
    'apiVersion: v1', 'kind: Config', `current-context: ${contexts[0]}`,
    'clusters: [{name: c, cluster: {server: "https://127.0.0.1:1"}}]',
    'users: [{name: u, user: {token: t}}]',
    `contexts: [${contexts.map((c) => `{name: ${c}, context: {cluster: c, user: u}}`).join(', ')}]`, '',
  ].join('\n'));
  return file;
}

describe('preflight command line', () => {
  test('--help explains every option and exits 0', () => {
    const r = run(['--help']);
    expect(r.status).toBe(0);
    for (const option of ['--env', '--platform', '--context', '--kubeconfig', '--help']) expect(r.stdout).toContain(option);
  });

  test('a missing --env or an unknown argument is a usage error (exit 2)', () => {
    expect(run([])).toMatchObject({ status: 2, stderr: expect.stringMatching(/^preflight: --env is required/) });
    expect(run(['--env', 'prod', '--bogus'])).toMatchObject({ status: 2, stderr: expect.stringMatching(/unknown argument "--bogus"/) });
    expect(run(['--env', 'qa'])).toMatchObject({ status: 2, stderr: expect.stringMatching(/deltran-mvp\/qa does not exist/) });
  });

  test('an unknown --context lists the contexts of the kubeconfig', () => {
    const r = run(['--env', 'prod', '--kubeconfig', kubeconfigWith(['a', 'b']), '--context', 'prod-eu']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--context "prod-eu" is not in the kubeconfig; it has a, b/);
  });

  test('an unreachable API server is reported without a stack trace (exit 2)', () => {
    const r = run(['--env', 'prod', '--kubeconfig', kubeconfigWith(['a'])]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^preflight: cannot check the cluster: /);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
