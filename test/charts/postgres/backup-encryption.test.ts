import { spawnSync } from 'child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { ProblemCollector } from '../../../charts/lib/errors';
import { postgresComponent } from '../../../charts/postgres';
import { DUMP_PBKDF2_ITERATIONS } from '../../../charts/postgres/scripts';
import { PlatformSpec } from '../../../charts/spec';
import { find, K8sObject } from '../../helpers';
import { shop, synthFile } from './fixtures';

const KEY_REF = { name: 'shop-db-backup-key', key: 'key' };
const encrypted = () => shop({ postgres: { backup: { encryptionKeySecret: KEY_REF } } });
const scriptsOf = (spec: PlatformSpec) => find(synthFile(spec, 'postgres'), 'ConfigMap', 'shop-db-patroni').data as Record<string, string>;
const envOf = (spec: PlatformSpec, container: string) =>
  find(synthFile(spec, 'postgres'), 'StatefulSet', 'shop-db').spec.template.spec.containers.find((c: K8sObject) => c.name === container).env as K8sObject[];

describe('backup encryption', () => {
  test('WAL-G gets the key from the Secret (base64) in every container that archives or backs up', () => {
    for (const container of ['postgres', 'backup']) {
      const env = envOf(encrypted(), container);
      expect(env).toContainEqual({ name: 'WALG_LIBSODIUM_KEY', valueFrom: { secretKeyRef: KEY_REF } });
      expect(env).toContainEqual({ name: 'WALG_LIBSODIUM_KEY_TRANSFORM', value: 'base64' });
      expect(envOf(shop(), container).some((e) => e.name.startsWith('WALG_LIBSODIUM'))).toBe(false);
    }
  });

  test('unencrypted dumps stay plain .sql.gz', () => {
    const script = scriptsOf(shop())['logical-dump.sh'];
    expect(script).toContain('.sql.gz"');
    expect(script).not.toContain('openssl');
  });

  test('an encrypted dump round-trips through the documented restore command', () => {
    // `openssl version`, not --version: requireTool's probe does not fit it
    expect(spawnSync('openssl', ['version'], { encoding: 'utf8' }).stdout).toMatch(/^OpenSSL 3\./);
    const dir = mkdtempSync(join(tmpdir(), 'dump-'));
    try {
      const key = spawnSync('openssl', ['rand', '-base64', '32'], { encoding: 'utf8' }).stdout.trim();
      // the generated script, with pg_dumpall and the S3 upload replaced by local stand-ins
      const script = scriptsOf(encrypted())['logical-dump.sh']
        .replace('"/usr/lib/postgresql/15/bin/pg_dumpall"', `"${dir}/pg_dumpall"`)
        .replace(/python3 \/etc\/patroni\/s3_objects\.py put "\$key"/, `cat > "${dir}/uploaded"`)
        .replace(/python3 \/etc\/patroni\/s3_objects\.py prune .*/, 'true');
      expect(script).toContain('.sql.gz.enc"');
      writeFileSync(join(dir, 'pg_dumpall'), '#!/bin/sh\necho "CREATE TABLE ledger (id int);"\n', { mode: 0o755 });
      const run = spawnSync('bash', ['-c', script], { encoding: 'utf8', env: { PATH: process.env.PATH, WALG_LIBSODIUM_KEY: key } });
      expect(run.stderr).not.toMatch(/failed/);
      expect(run.status).toBe(0);
      expect(run.stdout).toContain('logical-dump: done');
      const sealed = readFileSync(join(dir, 'uploaded'));
      expect(sealed.subarray(0, 8).toString()).toBe('Salted__');
      const restore = `openssl enc -d -aes-256-cbc -pbkdf2 -iter ${DUMP_PBKDF2_ITERATIONS} -pass env:KEY < "${dir}/uploaded" | gunzip -c`;
      expect(spawnSync('bash', ['-c', restore], { encoding: 'utf8', env: { PATH: process.env.PATH, KEY: key } }).stdout).toBe('CREATE TABLE ledger (id int);\n');
      const wrongKey = spawnSync('bash', ['-o', 'pipefail', '-c', restore], { encoding: 'utf8', env: { PATH: process.env.PATH, KEY: 'not-the-key' } });
      expect(wrongKey.status).not.toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('RESTORE.md quotes the iteration count the script uses', () => {
    expect(readFileSync(join(__dirname, '../../../charts/postgres/RESTORE.md'), 'utf8')).toContain(`-pbkdf2 -iter ${DUMP_PBKDF2_ITERATIONS} -pass env:KEY`);
  });

  test('a malformed key reference is reported with its path', () => {
    const c = new ProblemCollector('spec');
    postgresComponent.check(c, shop({ postgres: { backup: { encryptionKeySecret: { name: 'Bad Name', key: 'key' } } } }));
    expect(c.problems.map((p) => p.path)).toEqual(['spec.postgres.backup.encryptionKeySecret.name']);
  });
});
