import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { KubernetesObject } from '../../cluster/lib/client';
import type { ManifestObject } from '../../cluster/lib/manifests';
import { applyOverride } from '../../charts/lib/merge';
import { synthEnvironment } from '../../charts/platform';
import { Override, PlatformDefinition, PlatformSpec } from '../../charts/spec';
import { wallet } from '../../platforms/wallet';
import { psqlBinary } from './clients/postgres';
import { FIELD_MANAGER, testCluster } from './kube';
import { deleteNamespaces } from './platform-checks';
import { find, secretValue, syncManifests, waitFor } from './pods';

/**
 * `postgres.tls` on the real cluster (wallet staging: 3 synchronous members, PgBouncer): a CA and
 * a server certificate made here, in the Secrets the spec names. The replicas stream over TLS
 * under the hostssl lines; a client verifying the certificate reaches the primary and, through
 * PgBouncer, gets a server session that is itself on TLS; plain clients are refused by both.
 */
const cluster = testCluster();
const figures: string[] = [];
afterAll(() => console.log(`Postgres TLS on the real cluster:\n${figures.join('\n')}`));

const ns = 'wallet';
const FILES = ['namespace', 'postgres', 'pgbouncer'];
const TLS = { certificateSecret: 'wallet-db-tls', caSecret: { name: 'wallet-db-ca', key: 'ca.crt' } };

function manifests(extra: Override<PlatformSpec>): ManifestObject[] {
  const def: PlatformDefinition = { ...wallet, environments: { ...wallet.environments, staging: applyOverride(wallet.environments.staging ?? {}, extra) } };
  return synthEnvironment(def, 'staging').files.filter((f) => FILES.includes(f.file))
    .flatMap((f) => f.objects.map((object) => ({ file: `${f.file}.k8s.yaml`, object: object as KubernetesObject })));
}

/** A CA and a certificate for the cluster's client Services, short and namespace-qualified names. */
function certificates(dir: string, cluster: string): { ca: string; crt: string; key: string } {
  const run = (args: string[]) => {
    const r = spawnSync('openssl', args, { cwd: dir, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`openssl ${args.join(' ')}: ${r.stderr}`);
  };
  const names = ['rw', 'ro', 'pooler', 'pooler-ro'].map((s) => `${cluster}-${s}`)
    .flatMap((n) => [n, `${n}.${ns}.svc`, `${n}.${ns}.svc.cluster.local`]);
  run(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.crt', '-subj', '/CN=wallet-test-ca', '-days', '2']);
  run(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'tls.key', '-out', 'tls.csr', '-subj', `/CN=${cluster}-rw`]);
  fs.writeFileSync(path.join(dir, 'san.ext'), `subjectAltName=${names.map((n) => `DNS:${n}`).join(',')}\n`);
  run(['x509', '-req', '-in', 'tls.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'tls.crt', '-days', '2', '-extfile', 'san.ext']);
  const read = (f: string) => fs.readFileSync(path.join(dir, f), 'utf8');
  return { ca: read('ca.crt'), crt: read('tls.crt'), key: read('tls.key') };
}

/** psql with a libpq connection string; rows as text, or psql's error. */
function psql(conninfo: string, password: string, sql: string): Promise<{ ok: boolean; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(psqlBinary(), ['-X', '-At', '-c', sql, conninfo], {
      env: { PGPASSWORD: password, PGCONNECT_TIMEOUT: '5', PATH: process.env.PATH ?? '/usr/bin:/bin' }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (c) => { out += c; });
    child.stderr.on('data', (c) => { out += c; });
    child.on('close', (code) => resolve({ ok: code === 0, out: out.trim() }));
  });
}

/** `postgres.tls` with a CA the test makes (wallet staging). */
export function postgresTlsScenario(): void {
  describe('Postgres TLS (wallet staging with postgres.tls)', () => {
    // made when the test runs: a describe body also runs in a phase that filters the test out,
    // where afterAll does not, and left one folder behind per run
    let dir = '';
    beforeAll(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'postgres-tls-')); });
    afterAll(async () => {
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
      await deleteNamespaces(cluster, [ns]);
    }, 300_000);

    test('replicas stream over TLS; verified clients reach the primary and PgBouncer over TLS; plain clients are refused', async () => {
      await deleteNamespaces(cluster, [ns]);
      const objects = manifests({ postgres: { tls: TLS } });
      const namespace = find(objects, (o) => o.kind === 'Namespace', 'Namespace');
      await cluster.apply(namespace, { fieldManager: FIELD_MANAGER });
      const name = find(objects, (o) => o.kind === 'StatefulSet', 'Patroni StatefulSet').metadata!.name!;
      const certs = certificates(dir, name);
      const b64 = (s: string) => Buffer.from(s).toString('base64');
      await cluster.apply({ apiVersion: 'v1', kind: 'Secret', metadata: { name: TLS.certificateSecret, namespace: ns }, type: 'kubernetes.io/tls',
        data: { 'tls.crt': b64(certs.crt), 'tls.key': b64(certs.key) } }, { fieldManager: FIELD_MANAGER });
      await cluster.apply({ apiVersion: 'v1', kind: 'Secret', metadata: { name: TLS.caSecret.name, namespace: ns }, data: { [TLS.caSecret.key]: b64(certs.ca) } },
        { fieldManager: FIELD_MANAGER });
      const started = Date.now();
      const synced = await syncManifests(cluster, objects);
      const sts = find(synced, (o) => o.kind === 'StatefulSet', 'Patroni StatefulSet');
      const members: number = sts.spec.replicas;
      const superRef = sts.spec.template.spec.containers[0].env.find((e: any) => e.name === 'PATRONI_SUPERUSER_PASSWORD').valueFrom.secretKeyRef;
      const password = await secretValue(cluster, ns, superRef.name, superRef.key);
      const ip = async (service: string) => (await cluster.core.readNamespacedService({ namespace: ns, name: service })).spec!.clusterIP!;
      fs.writeFileSync(path.join(dir, 'ca.crt'), certs.ca);
      // host names the certificate is checked against; hostaddr is where the test connects
      const to = async (service: string, sslmode: string, user = 'postgres') =>
        `host=${service}.${ns}.svc hostaddr=${await ip(service)} port=5432 user=${user} dbname=${user === 'postgres' ? 'postgres' : user} sslmode=${sslmode} sslrootcert=${dir}/ca.crt`;
      // PgBouncer knows the application roles only
      const app = 'identity_service';
      const appPassword = await secretValue(cluster, ns, 'wallet-db-identity-service', 'password');
      const sslOfSession = 'SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()';

      // the replicas joined under hostssl replication lines: every one streams, over TLS
      const streaming = await waitFor(`${members - 1} replicas streaming over TLS`, async () => {
        const r = await psql(await to(`${name}-rw`, 'verify-full'), password,
          "SELECT count(*) FROM pg_stat_replication r JOIN pg_stat_ssl s USING (pid) WHERE s.ssl AND r.state = 'streaming'");
        return r.ok && Number(r.out) === members - 1 ? Number(r.out) : undefined;
      }, 300_000, 2000);
      expect(streaming).toBe(members - 1);
      const upSeconds = (Date.now() - started) / 1000;

      const primary = await psql(await to(`${name}-rw`, 'verify-full'), password, sslOfSession);
      expect(primary).toEqual({ ok: true, out: 't' });
      const plainPrimary = await psql(await to(`${name}-rw`, 'disable'), password, 'SELECT 1');
      expect(plainPrimary.ok).toBe(false);
      expect(plainPrimary.out).toMatch(/no pg_hba.conf entry .*no encryption/);

      const pooler = find(synced, (o) => o.kind === 'Service' && /-pooler$/.test(o.metadata!.name!), 'PgBouncer Service').metadata!.name!;
      const throughPooler = await waitFor('a verified session through PgBouncer', async () => {
        const r = await psql(await to(pooler, 'verify-full', app), appPassword, sslOfSession);
        return r.ok ? r : undefined;
      }, 120_000, 2000);
      // the session PgBouncer opened to the primary is on TLS too
      expect(throughPooler).toEqual({ ok: true, out: 't' });
      const plainPooler = await psql(await to(pooler, 'disable', app), appPassword, 'SELECT 1');
      expect(plainPooler.ok).toBe(false);
      expect(plainPooler.out).toMatch(/SSL required/);
      figures.push(`postgres  wallet/staging  tls: up with ${members - 1} replicas streaming over TLS ${upSeconds.toFixed(0)} s after the sync began; ` +
        `verify-full to ${name}-rw and through ${pooler} (its server session on TLS); plain clients refused by Postgres ("no encryption") and PgBouncer ("SSL required")`);
    }, 30 * 60_000);
  });
}
