import { ChildProcess, spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { patroniConfig } from '../../../charts/postgres/patroni-config';
import { pgbouncerIni } from '../../../charts/postgres/pgbouncer/config';
import { pgbouncerSettings } from '../../../charts/postgres/pgbouncer/settings';
import { postgresSettings } from '../../../charts/postgres/settings';
import { find, requireTool, killAndWait } from '../../helpers';
import { shop, synthFile } from './fixtures';

/**
 * `postgres.tls` against the real servers: a Postgres started with the generated pg_hba lines and
 * ssl parameters, and a PgBouncer with the generated TLS settings in front of it, both serving a
 * certificate signed by a CA made here. On loopback every client comes from 127.0.0.1, which the
 * generated lines treat as the pod itself; the test moves those local lines to 127.0.0.9 so that
 * its clients are remote ones, as application pods are.
 */

const CA = { name: 'shop-db-ca', key: 'ca.crt' };
const spec = shop({ postgres: { tls: { certificateSecret: 'shop-db-tls', caSecret: CA } } });
const PASSWORD = 'test-superuser-password';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'postgres-tls-'));
const procs: ChildProcess[] = [];

function postgresBin(): string {
  const root = '/usr/lib/postgresql';
  const found = fs.existsSync(root) ? fs.readdirSync(root).map((v) => path.join(root, v, 'bin')).find((b) => fs.existsSync(path.join(b, 'postgres'))) : undefined;
  if (!found) throw new Error('the PostgreSQL server is not installed: apt-get install -y postgresql (as root, `npm run setup` installs it)');
  return found;
}

/** Runs as nobody when root: initdb and postgres refuse to run as root. */
function asServerUser(cmd: string, args: string[]): [string, string[]] {
  return process.getuid?.() === 0 ? ['setpriv', ['--reuid=nobody', '--regid=nogroup', '--clear-groups', cmd, ...args]] : [cmd, args];
}

function sh(cmd: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', env: { ...process.env, ...env }, cwd: dir });
  return { status: r.status, out: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}

function must(cmd: string, args: string[]): void {
  const r = sh(cmd, args);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: ${r.out}`);
}

async function waitFor(what: string, ok: () => boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (ok()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const PG_PORT = 25432 + (process.pid % 1000);
const POOL_PORT = PG_PORT + 1000;

/** psql from 127.0.0.2 with the given connection options; status and output. */
function psql(conninfo: string, sql = 'SELECT 1') {
  return sh('psql', ['-X', '-At', '-c', sql, `${conninfo} user=postgres dbname=postgres connect_timeout=5`], { PGPASSWORD: PASSWORD });
}

beforeAll(async () => {
  requireTool('openssl', 'openssl', ['version']);
  requireTool('psql', 'postgresql-client');
  requireTool('pgbouncer', 'pgbouncer', ['-V']);
  const bin = postgresBin();
  // a CA and a server certificate for the Service names (and the address the tests connect to)
  must('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.crt', '-subj', '/CN=test-ca', '-days', '1']);
  must('openssl', ['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'tls.key', '-out', 'tls.csr', '-subj', '/CN=shop-db-rw']);
  fs.writeFileSync(path.join(dir, 'san.ext'), 'subjectAltName=DNS:shop-db-rw,DNS:shop-db-pooler,IP:127.0.0.2\n');
  must('openssl', ['x509', '-req', '-in', 'tls.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'tls.crt', '-days', '1', '-extfile', 'san.ext']);
  fs.chmodSync(path.join(dir, 'tls.key'), 0o600);
  fs.writeFileSync(path.join(dir, 'pw'), `${PASSWORD}\n`);
  if (process.getuid?.() === 0) must('chown', ['-R', 'nobody:nogroup', dir]);

  const data = path.join(dir, 'data');
  must(...asServerUser(path.join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--pwfile', path.join(dir, 'pw'), '--auth=scram-sha-256']));
  const config = patroniConfig(postgresSettings(spec.postgres!)) as { postgresql: { parameters: Record<string, string | number>; pg_hba: string[] } };
  const ssl = Object.entries(config.postgresql.parameters).filter(([k]) => k.startsWith('ssl'))
    .map(([k, v]) => `${k} = '${String(v).replace('/etc/postgres-tls', dir)}'`);
  fs.appendFileSync(path.join(data, 'postgresql.conf'), [
    `listen_addresses = '127.0.0.1,127.0.0.2'`, `port = ${PG_PORT}`, `unix_socket_directories = '${dir}'`, ...ssl, '',
  ].join('\n'));
  const hba = config.postgresql.pg_hba.map((line) => line.replace(' 127.0.0.1/32 ', ' 127.0.0.9/32 '));
  expect(hba.join('\n')).toContain('127.0.0.9/32');
  fs.writeFileSync(path.join(data, 'pg_hba.conf'), `${hba.join('\n')}\n`);
  const [pgCmd, pgArgs] = asServerUser(path.join(bin, 'postgres'), ['-D', data]);
  procs.push(spawn(pgCmd, pgArgs, { stdio: 'ignore' }));
  await waitFor('postgres', () => psql(`host=${dir} port=${PG_PORT}`).status === 0);

  // PgBouncer with the generated pool config, pointed at the test server and files
  const pb = pgbouncerSettings(spec.postgres!, spec.postgres!.pgbouncer!);
  fs.writeFileSync(path.join(dir, 'userlist.txt'), `"postgres" "${PASSWORD}"\n`);
  const ini = pgbouncerIni(pb, pb.pools[0])
    .replace(/^\* = host=\S+ port=\d+$/m, `* = host=127.0.0.2 port=${PG_PORT}`)
    .replace(/^listen_port = .*$/m, `listen_port = ${POOL_PORT}`)
    .replace(/^listen_addr = .*$/m, 'listen_addr = 127.0.0.1,127.0.0.2')
    .replace(/\/run\/pgbouncer-auth\//g, `${dir}/`)
    .replace(/\/etc\/pgbouncer\/tls\//g, `${dir}/`)
    .replace(/\/etc\/pgbouncer\/ca\//g, `${dir}/`)
    .replace(/^max_prepared_statements = .*$/m, ''); // newer than the Debian 12 PgBouncer
  fs.writeFileSync(path.join(dir, 'pgbouncer.ini'), ini);
  if (process.getuid?.() === 0) must('chown', ['-R', 'nobody:nogroup', dir]);
  const [pbCmd, pbArgs] = asServerUser('pgbouncer', [path.join(dir, 'pgbouncer.ini')]);
  procs.push(spawn(pbCmd, pbArgs, { stdio: 'ignore' }));
  await waitFor('pgbouncer', () => psql(`host=127.0.0.2 port=${POOL_PORT} sslmode=require`).status === 0);
}, 60_000);

afterAll(async () => {
  await killAndWait(procs);
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('postgres.tls with the real servers', () => {
  test('Postgres refuses a remote client without TLS', () => {
    const r = psql(`host=127.0.0.2 port=${PG_PORT} sslmode=disable`);
    expect(r.status).not.toBe(0);
    expect(r.out).toMatch(/no pg_hba.conf entry for host "127.0.0.1".*no encryption/);
  });

  test('Postgres serves the certificate: a client verifying it against the CA connects over TLS', () => {
    const r = psql(`host=127.0.0.2 port=${PG_PORT} sslmode=verify-full sslrootcert=${dir}/ca.crt`, 'SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()');
    expect(r).toMatchObject({ status: 0, out: 't\n' });
  });

  test('a certificate from another CA fails verification', () => {
    must('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'other.key', '-out', 'other.crt', '-subj', '/CN=other', '-days', '1']);
    const r = psql(`host=127.0.0.2 port=${PG_PORT} sslmode=verify-full sslrootcert=${dir}/other.crt`);
    expect(r.status).not.toBe(0);
    expect(r.out).toMatch(/certificate verify failed/);
  });

  test('PgBouncer refuses clients without TLS', () => {
    const r = psql(`host=127.0.0.2 port=${POOL_PORT} sslmode=disable`);
    expect(r.status).not.toBe(0);
    expect(r.out).toMatch(/SSL required/);
  });

  test('through PgBouncer, the client verifies the pooler and PgBouncer verifies Postgres (verify-full)', () => {
    const r = psql(`host=127.0.0.2 port=${POOL_PORT} sslmode=verify-full sslrootcert=${dir}/ca.crt`,
      'SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()');
    // the server-side session is PgBouncer's, over TLS
    expect(r).toMatchObject({ status: 0, out: 't\n' });
    const ini = find(synthFile(spec, 'pgbouncer'), 'ConfigMap', 'shop-db-pooler').data['pgbouncer-rw.ini'] as string;
    expect(ini).toMatch(/^server_tls_sslmode = verify-full$/m);
    expect(ini).toMatch(/^client_tls_sslmode = require$/m);
  });
});
