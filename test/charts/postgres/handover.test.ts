import { spawnSync } from 'child_process';
import { parse } from 'yaml';
import { find, requireTool } from '../../helpers';
import { shop, synthFile } from './fixtures';

const files = (spec = shop()) => find(synthFile(spec, 'postgres'), 'ConfigMap', 'shop-db-patroni').data as Record<string, string>;

/** Runs a Python expression with handover.py's functions loaded (its main() is not run). */
function py(script: string, expression: string, env: Record<string, string> = {}): { status: number | null; stdout: string; stderr: string } {
  const program = `import json, sys\nsrc = sys.stdin.read()\nns = {"__name__": "handover"}\nexec(compile(src, "handover.py", "exec"), ns)\nprint(json.dumps(${expression}))\n`;
  const r = spawnSync('python3', ['-c', program], { input: script, encoding: 'utf8', env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env } });
  return { status: r.status, stdout: r.stdout.trim(), stderr: r.stderr };
}

const member = (name: string, role: string, lag: number | string = 0, state = 'streaming', tags?: Record<string, boolean>) => ({ name, role, state, lag, ...(tags ? { tags } : {}) });

describe('handover.py (preStop switchover and pool pause)', () => {
  beforeAll(() => requireTool('python3', 'python3'));

  test('names the cluster, the -rw Service, the pool in front of it and its admin console', () => {
    const script = files()['handover.py'];
    expect(script).toContain('PRIMARY_SERVICE = "shop-db-rw"');
    expect(script).toContain('POOL_SELECTOR = "app.kubernetes.io/name=pgbouncer,app.kubernetes.io/instance=shop-db,app.kubernetes.io/component=pooler"');
    expect(script).toContain('POOL_PORT = 6432');
    expect(script).toContain('PSQL = "/usr/lib/postgresql/15/bin/psql"');
    expect(files(shop({ postgres: { pgbouncer: null } }))['handover.py']).toContain('POOL_SELECTOR = None');
  });

  test('switches over to a synchronous standby only when there is one, higher ordinals (already rolled) first', () => {
    const script = files()['handover.py'];
    const pick = (members: unknown[]) => py(script, `[m["name"] for m in ns["candidates"](json.loads(${JSON.stringify(JSON.stringify({ members }))}))]`, { PATRONI_NAME: 'shop-db-1' });
    // a rollout goes 2, 1, 0: shop-db-2 already runs the new template
    expect(pick([member('shop-db-0', 'replica'), member('shop-db-1', 'leader'), member('shop-db-2', 'replica', 100)]).stdout).toBe('["shop-db-2", "shop-db-0"]');
    expect(pick([member('shop-db-0', 'sync_standby'), member('shop-db-1', 'leader'), member('shop-db-2', 'replica')]).stdout).toBe('["shop-db-0"]');
    // lagging, unknown lag, stopped or nofailover members are never candidates
    expect(pick([
      member('shop-db-0', 'replica', 64 * 1024 * 1024), member('shop-db-2', 'replica', 'unknown'),
      member('shop-db-3', 'replica', 0, 'stopped'), member('shop-db-4', 'replica', 0, 'streaming', { nofailover: true }),
    ]).stdout).toBe('[]');
    expect(pick([member('shop-db-0', 'replica', 0, 'running')]).stdout).toBe('["shop-db-0"]');
  });

  test('never fails the stop: errors are logged and the exit code is 0', () => {
    const script = files()['handover.py'];
    // no Patroni listens: the pre-stop logs the error and returns 0
    const r = py(script, 'ns["main"](["handover.py", "pre-stop"])', { PATRONI_NAME: 'shop-db-0' });
    expect(r).toMatchObject({ status: 0, stdout: '0' });
    expect(r.stderr).toMatch(/^handover: URLError: /m);
  });

  test('Patroni runs it as the on_start and on_role_change callback, so a new primary resumes the pools', () => {
    const patroni = parse(files()['patroni.yml']);
    expect(patroni.postgresql.callbacks).toEqual({ on_start: 'python3 /etc/patroni/handover.py', on_role_change: 'python3 /etc/patroni/handover.py' });
    expect(parse(files(shop({ postgres: { pgbouncer: null } }))['patroni.yml']).postgresql.callbacks).toBeUndefined();
  });
});
