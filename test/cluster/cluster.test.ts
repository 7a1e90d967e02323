/**
 * cluster/cluster.sh's command line, without starting anything: --help, and one line with exit
 * code 2 for a bad command line (no command runs, so no root is needed).
 */
import { spawnSync } from 'child_process';
import * as path from 'path';

const SCRIPT = path.join(__dirname, '..', '..', 'cluster', 'cluster.sh');
const run = (...args: string[]) => spawnSync('bash', [SCRIPT, ...args], { encoding: 'utf8' });

describe('cluster/cluster.sh', () => {
  test('--help lists every command and an example, exit 0', () => {
    const r = run('--help');
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    for (const command of ['up', 'down', 'status', 'kubeconfig', '--help']) expect(r.stdout).toContain(`cluster/cluster.sh ${command} `);
    expect(r.stdout).toMatch(/^Example: sudo cluster\/cluster\.sh up/m);
  });

  test.each([
    [['bogus'], 'cluster: unknown command "bogus"; see `cluster/cluster.sh --help`\n'],
    [[], 'cluster: a command is required: up, down, status or kubeconfig; see `cluster/cluster.sh --help`\n'],
    [['status', '--all'], 'cluster: unexpected argument "--all" after status; see `cluster/cluster.sh --help`\n'],
  ])('a bad command line %j is one line, exit 2, and nothing runs', (args, line) => {
    const r = run(...args);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(line);
  });
});
