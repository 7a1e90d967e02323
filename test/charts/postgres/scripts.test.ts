import { spawnSync } from 'child_process';
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
    expect(archives['base-backup.sh']).toContain('backup_retention.py 14)');
  });

  test('python helpers compile', () => {
    requireTool('python3', 'python3');
    const f = files();
    for (const name of ['backup_retention.py', 's3_objects.py']) {
      expect(run('python3', ['-c', 'import sys; compile(sys.stdin.read(), "x", "exec")'], f[name])).toMatchObject({ status: 0 });
    }
  });

  test('retention keeps every backup of the window plus the newest older one', () => {
    requireTool('python3', 'python3');
    const py = files()['backup_retention.py'];
    const day = 24 * 3600 * 1000;
    const at = (daysAgo: number) => new Date(Date.now() - daysAgo * day).toISOString().replace(/\.\d+Z$/, '.123456789Z');
    const list = [
      { backup_name: 'base_40', start_time: at(40) },
      { backup_name: 'base_31', start_time: at(31).replace('Z', '+00:00') },
      { backup_name: 'base_29', time: at(29) },
      { backup_name: 'base_1', start_time: at(1) },
    ];
    const target = (days: number, backups: unknown) => run('python3', ['-c', py, String(days)], JSON.stringify(backups));
    expect(target(30, list)).toMatchObject({ status: 0, stdout: 'base_31\n' });
    expect(target(60, list)).toMatchObject({ status: 0, stdout: '' });
    expect(target(30, [])).toMatchObject({ status: 0, stdout: '' });
    expect(run('python3', ['-c', py, '30'], '')).toMatchObject({ status: 0, stdout: '' });
  });
});
