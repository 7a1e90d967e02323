import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { find, requireTool } from '../../helpers';
import { shop, synthFile } from './fixtures';

const files = (spec = shop()) => find(synthFile(spec, 'postgres'), 'ConfigMap', 'shop-db-patroni').data as Record<string, string>;

function run(cmd: string, args: string[], input = ''): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(cmd, args, { input, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('scripts in the Patroni ConfigMap', () => {
  test('shell scripts parse', () => {
    const f = files();
    for (const name of ['post-bootstrap.sh', 'base-backup.sh']) expect(run('sh', ['-n'], f[name])).toMatchObject({ status: 0 });
    expect(run('bash', ['-n'], f['logical-dump.sh'])).toMatchObject({ status: 0 });
  });

  test('post-bootstrap applies bootstrap.sql, then the init SQL files in name order in the chosen database', () => {
    const script = files()['post-bootstrap.sh'];
    expect(script).toContain('psql_local -d "$conn" -f /etc/patroni/bootstrap.sql');
    expect(script).toContain('for f in /etc/postgres-init-sql/*.sql; do');
    expect(script).toContain("'shop' \"$f\"");
    expect(script).toContain('export LC_ALL=C');
    expect(files(shop({ postgres: { initSqlConfigMap: null } }))['post-bootstrap.sh']).not.toContain('init-sql');
  });

  test('bootstrap.sql creates roles from password files, databases owned by their roles, extensions', () => {
    const sql = files()['bootstrap.sql'];
    expect(sql).toContain("SET log_statement = 'none';");
    expect(sql).toContain("\\set role_password `cat '/etc/postgres-secrets/roles/app'`");
    expect(sql).toContain(`ALTER ROLE "app" WITH LOGIN PASSWORD :'role_password';`);
    expect(sql).toContain(`ALTER ROLE "reporting" WITH LOGIN NOINHERIT CONNECTION LIMIT 5 PASSWORD :'role_password';`);
    expect(sql).toContain("SELECT format('CREATE DATABASE %I OWNER %I', 'shop', 'app') WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = 'shop')\\gexec");
    expect(sql).toContain('\\connect "shop"\nCREATE EXTENSION IF NOT EXISTS "pg_trgm";\nCREATE EXTENSION IF NOT EXISTS "timescaledb";');
  });

  test('logical dumps are pruned to their own retention, else to retentionDays', () => {
    expect(files()['logical-dump.sh']).toContain('s3_objects.py prune logical/ 30\n');
    expect(files(shop({ postgres: { backup: { retentionDays: 14 } } }))['logical-dump.sh']).toContain('s3_objects.py prune logical/ 14\n');
    const archives = files(shop({ postgres: { backup: { retentionDays: 14, logicalDumpRetentionDays: 365 } } }));
    expect(archives['logical-dump.sh']).toContain('s3_objects.py prune logical/ 365\n');
    // the base backups keep the restore window
    expect(archives['base-backup.sh']).toContain('backup_list.py keep 14)');
  });

  test('python helpers compile', () => {
    requireTool('python3', 'python3');
    const f = files();
    for (const name of ['backup_list.py', 's3_objects.py']) {
      expect(run('python3', ['-c', 'import sys; compile(sys.stdin.read(), "x", "exec")'], f[name])).toMatchObject({ status: 0 });
    }
  });

  test('retention keeps every backup of the window plus the newest older one', () => {
    requireTool('python3', 'python3');
    const py = files()['backup_list.py'];
    const day = 24 * 3600 * 1000;
    const at = (daysAgo: number) => new Date(Date.now() - daysAgo * day).toISOString().replace(/\.\d+Z$/, '.123456789Z');
    const list = [
      { backup_name: 'base_40', start_time: at(40) },
      { backup_name: 'base_31', start_time: at(31).replace('Z', '+00:00') },
      { backup_name: 'base_29', time: at(29) },
      { backup_name: 'base_1', start_time: at(1) },
    ];
    const target = (days: number, backups: unknown) => run('python3', ['-c', py, 'keep', String(days)], JSON.stringify(backups));
    expect(target(30, list)).toMatchObject({ status: 0, stdout: 'base_31\n' });
    expect(target(60, list)).toMatchObject({ status: 0, stdout: '' });
    expect(target(30, [])).toMatchObject({ status: 0, stdout: '' });
    expect(run('python3', ['-c', py, 'keep', '30'], '')).toMatchObject({ status: 0, stdout: '' });
  });

  test('a run is verified by a backup it started being listed in the store', () => {
    requireTool('python3', 'python3');
    const py = files()['backup_list.py'];
    const now = Math.floor(Date.now() / 1000);
    const iso = (s: number) => new Date(s * 1000).toISOString().replace(/\.\d+Z$/, '.5Z');
    const list = JSON.stringify([{ backup_name: 'base_old', start_time: iso(now - 3600) }, { backup_name: 'base_new', start_time: iso(now) }]);
    expect(run('python3', ['-c', py, 'since', String(now)], list)).toMatchObject({ status: 0, stdout: 'base_new\n' });
    const none = run('python3', ['-c', py, 'since', String(now + 60)], list);
    expect(none.status).toBe(1);
    expect(none.stderr).toMatch(/no backup in the store started after .*: the backup did not complete/);
  });
});

/**
 * The base backup script's control flow, run by sh with stand-ins for the two programs it drives
 * (WAL-G cannot be had on the test machines): `psql` answers the recovery check, `wal-g` keeps
 * its backup list in a JSON file. What runs for real is the script, flock, date and python3.
 */
describe('base-backup.sh', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'base-backup-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const f = files();
  const lock = path.join(dir, 'base-backup.lock');
  fs.writeFileSync(path.join(dir, 'backup_list.py'), f['backup_list.py']);
  fs.writeFileSync(path.join(dir, 'psql'), '#!/bin/sh\necho f\n', { mode: 0o755 });
  // backup-push records a backup started now unless WALG_STANDIN_PUSH=lost (exit 0, nothing stored)
  fs.writeFileSync(path.join(dir, 'wal-g'), `#!/bin/sh
list="${dir}/backups.json"
[ -f "$list" ] || echo '[]' > "$list"
case "$1" in
  backup-push)
    [ "\${WALG_STANDIN_PUSH:-}" = lost ] && exit 0
    python3 -c 'import json,sys,datetime; l=json.load(open(sys.argv[1])); l.append({"backup_name": "base_%d" % len(l), "start_time": datetime.datetime.utcnow().isoformat() + "Z"}); json.dump(l, open(sys.argv[1], "w"))' "$list" ;;
  backup-list) cat "$list" ;;
  delete) echo "$@" >> "${dir}/deleted" ;;
esac
`, { mode: 0o755 });
  const script = f['base-backup.sh']
    .replace(/"[^"\s]*\/psql"/, `"${dir}/psql"`)
    .replace(/\/tmp\/base-backup\.lock/, lock)
    .split('/etc/patroni/backup_list.py').join(path.join(dir, 'backup_list.py'));

  // each test starts with an empty store
  beforeEach(() => fs.rmSync(path.join(dir, 'backups.json'), { force: true }));

  const backup = (env: Record<string, string> = {}) => {
    const r = spawnSync('sh', ['-c', script], { encoding: 'utf8', env: { PATH: `${dir}:${process.env.PATH}`, ...env } });
    return { status: r.status, out: `${r.stdout}${r.stderr}` };
  };

  test('succeeds when a backup it started is in the store', () => {
    requireTool('python3', 'python3');
    requireTool('flock', 'util-linux');
    const r = backup();
    expect(r.out).toMatch(/base-backup: base_\d+ is in the store/);
    expect(r).toMatchObject({ status: 0 });
  });

  test('fails when wal-g exits 0 but no new backup is listed', () => {
    const r = backup({ WALG_STANDIN_PUSH: 'lost' });
    expect(r.status).toBe(1);
    expect(r.out).toMatch(/the backup did not complete/);
    expect(r.out).not.toMatch(/base-backup: done/);
  });

  test('refuses to start while an earlier run holds the lock', () => {
    const holder = spawnSync('flock', ['-n', lock, 'sh', '-c', `sh -c '${script.replace(/'/g, `'\\''`)}'`], { encoding: 'utf8', env: { PATH: `${dir}:${process.env.PATH}` } });
    expect(holder.status).toBe(1);
    expect(`${holder.stdout}${holder.stderr}`).toMatch(/an earlier base backup is still running in this pod; nothing started/);
  });
});
