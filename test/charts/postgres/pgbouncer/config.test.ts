import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { find, killAndWait, within } from '../../../helpers';
import { shop, synthFile } from '../fixtures';

/** pgbouncer.ini as a map of [section] -> key -> value. */
function ini(text: string): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  let section = '';
  for (const line of text.split('\n')) {
    const header = /^\[(.+)\]$/.exec(line.trim());
    if (header) { section = header[1]; out[section] = {}; continue; }
    const kv = /^([^;=\s][^=]*?)\s*=\s*(.*)$/.exec(line);
    if (kv) out[section][kv[1]] = kv[2].trim();
  }
  return out;
}

const configMap = (spec = shop()) => find(synthFile(spec, 'pgbouncer'), 'ConfigMap', 'shop-db-pooler');

describe('pgbouncer.ini', () => {
  test('the primary pool forwards every database to -rw with the spec\'s pool settings', () => {
    const c = ini(configMap().data['pgbouncer-rw.ini']);
    expect(c.databases).toEqual({ '*': 'host=shop-db-rw port=5432' });
    expect(c.pgbouncer).toMatchObject({
      listen_port: '6432',
      pool_mode: 'transaction',
      max_client_conn: '1000',
      default_pool_size: '30',
      max_prepared_statements: '200',
      auth_type: 'scram-sha-256',
      auth_file: '/run/pgbouncer-auth/userlist.txt',
      stats_users: 'pgbouncer_stats',
    });
    expect(c.pgbouncer).not.toHaveProperty('auth_query');
  });

  test('the read-only pool forwards to -ro', () => {
    expect(ini(configMap().data['pgbouncer-ro.ini']).databases).toEqual({ '*': 'host=shop-db-ro port=5432' });
    expect(configMap(shop({ postgres: { pgbouncer: { readOnlyPool: false } } })).data).not.toHaveProperty('pgbouncer-ro.ini');
  });

  test('session mode and limits from the spec', () => {
    const spec = shop({ postgres: { pgbouncer: { poolMode: 'session', maxClientConn: 500, maxPreparedStatements: 0 } } });
    expect(ini(configMap(spec).data['pgbouncer-rw.ini']).pgbouncer).toMatchObject({ pool_mode: 'session', max_client_conn: '500', max_prepared_statements: '0' });
  });

  test('auth_query mode looks passwords up through the bootstrap function', () => {
    const spec = shop({ postgres: { pgbouncer: { authMode: 'auth_query', authUserSecret: { name: 'shop-db-pooler-auth', key: 'password' } } } });
    expect(ini(configMap(spec).data['pgbouncer-rw.ini']).pgbouncer).toMatchObject({
      auth_user: 'pgbouncer_auth',
      auth_query: 'SELECT usename, passwd FROM pgbouncer.get_auth($1)',
      auth_dbname: 'postgres',
    });
    const sql = find(synthFile(spec, 'postgres'), 'ConfigMap', 'shop-db-patroni').data['bootstrap.sql'];
    expect(sql).toContain('CREATE OR REPLACE FUNCTION pgbouncer.get_auth(p_usename text)');
    expect(sql).toMatch(/NOT usesuper AND NOT userepl/);
    expect(sql).toContain(`\\set role_password \`cat '/etc/postgres-secrets/roles/pgbouncer_auth'\``);
  });

  test('the userlist is built at start from mounted Secret files, never from config', () => {
    const script = configMap().data['build-userlist.sh'];
    expect(script).toContain('for f in /etc/pgbouncer/secrets/*; do');
    expect(script).toContain('/dev/urandom');
    for (const text of Object.values<string>(configMap().data)) expect(text).not.toMatch(/password\s*=/i);
  });

  test('failover settings: dead server connections dropped within seconds, a failed connect retried after 1 s', () => {
    expect(ini(configMap().data['pgbouncer-rw.ini']).pgbouncer).toMatchObject({
      server_login_retry: '1',
      server_connect_timeout: '3',
      tcp_user_timeout: '5000',
      tcp_keepalive: '1',
      tcp_keepidle: '5',
      query_wait_timeout: '120',
      admin_users: 'pgbouncer_admin',
    });
  });

  test('the userlist sidecar rebuilds the userlist when a Secret file changes and sends PgBouncer SIGHUP', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'userlist-'));
    const [secrets, auth] = [path.join(dir, 'secrets'), path.join(dir, 'auth')];
    fs.mkdirSync(secrets);
    fs.mkdirSync(auth);
    fs.writeFileSync(path.join(secrets, 'app'), 'first');
    const script = configMap().data['build-userlist.sh']
      .replaceAll('/etc/pgbouncer/secrets', secrets).replaceAll('/run/pgbouncer-auth', auth).replace('sleep 10 &', 'sleep 0.2 &').replace('proc=/proc', `proc=${path.join(dir, 'proc')}`);
    const file = path.join(dir, 'build-userlist.sh');
    fs.writeFileSync(file, script);
    expect(spawnSync('sh', [file], { encoding: 'utf8' }).stdout).toBe('userlist: 2 users\n');
    const stats = fs.readFileSync(path.join(auth, 'stats-password'), 'utf8');
    expect(fs.readFileSync(path.join(auth, 'userlist.txt'), 'utf8')).toBe(`"app" "first"\n"pgbouncer_stats" "${stats}"\n`);
    // a sleep stands in for PgBouncer (SIGHUP ends it), listed in a process table of its own
    const pgbouncer = spawn('sleep', ['60']);
    fs.mkdirSync(path.join(dir, 'proc', String(pgbouncer.pid)), { recursive: true });
    fs.writeFileSync(path.join(dir, 'proc', String(pgbouncer.pid), 'comm'), 'pgbouncer\n');
    const hup = new Promise<string | null>((resolve) => pgbouncer.on('exit', (_code, signal) => resolve(signal)));
    const watcher = spawn('sh', [file, 'watch']);
    try {
      fs.writeFileSync(path.join(secrets, 'app'), 'rotated');
      expect(await within(hup, 10_000, 'PgBouncer got no signal in 10 s')).toBe('SIGHUP');
      // the stats password stays: the exporter read it once at start
      expect(fs.readFileSync(path.join(auth, 'userlist.txt'), 'utf8')).toBe(`"app" "rotated"\n"pgbouncer_stats" "${stats}"\n`);
    } finally {
      await killAndWait([watcher, pgbouncer]);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 20_000);
});
