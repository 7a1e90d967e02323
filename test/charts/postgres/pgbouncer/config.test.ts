import { find } from '../../../helpers';
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
});
