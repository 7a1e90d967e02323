import { spawnSync } from 'child_process';
import { find, requireTool } from '../../helpers';
import { container, envOf, shop, synthFile } from './fixtures';

const objects = (spec = shop()) => synthFile(spec, 'postgres');
const files = (spec = shop()) => find(objects(spec), 'ConfigMap', 'shop-db-patroni').data as Record<string, string>;

describe('reconcile Job', () => {
  test('an Argo CD PostSync hook, replaced on every sync, without a service account token', () => {
    const job = find(objects(), 'Job', 'shop-db-reconcile');
    expect(job.metadata.annotations).toMatchObject({ 'argocd.argoproj.io/hook': 'PostSync', 'argocd.argoproj.io/hook-delete-policy': 'BeforeHookCreation' });
    const pod = job.spec.template;
    expect(pod.spec.automountServiceAccountToken).toBe(false);
    expect(pod.metadata.labels['app.kubernetes.io/component']).toBe('reconcile');
    const c = container(pod, 'reconcile');
    expect(c.command).toEqual(['/bin/sh', '/etc/patroni/reconcile.sh']);
    expect(envOf(c).PGPASSWORD.valueFrom.secretKeyRef).toEqual({ name: 'shop-db-superuser', key: 'password' });
    expect(envOf(c).PATRONI_RESTAPI_PASSWORD.valueFrom.secretKeyRef).toEqual({ name: 'shop-db-patroni-api', key: 'password' });
    // the same password files as the members: bootstrap.sql reads them
    expect(c.volumeMounts).toContainEqual({ name: 'role-passwords', mountPath: '/etc/postgres-secrets/roles', readOnly: true });
    expect(pod.spec.volumes.find((v: any) => v.name === 'role-passwords')).toEqual(
      find(objects(), 'StatefulSet', 'shop-db').spec.template.spec.volumes.find((v: any) => v.name === 'role-passwords'));
  });

  test('runs the idempotent bootstrap.sql against -rw, PATCHes the DCS through the members, reports pending restarts', () => {
    const script = files()['reconcile.sh'];
    expect(script).toContain('PGHOST="shop-db-rw"');
    expect(script).toContain('psql_ -f /etc/patroni/bootstrap.sql');
    expect(script).toContain('python3 /etc/patroni/reconcile_dcs.py');
    expect(script).toContain('FROM pg_settings WHERE pending_restart');
    expect(spawnSync('sh', ['-n'], { input: script }).status).toBe(0);
    const dcs = files()['reconcile_dcs.py'];
    expect(dcs).toContain('MEMBERS = ["http://shop-db-0.shop-db:8008", "http://shop-db-1.shop-db:8008", "http://shop-db-2.shop-db:8008"]');
    requireTool('python3', 'python3');
    expect(spawnSync('python3', ['-c', 'import sys; compile(sys.stdin.read(), "x", "exec")'], { input: dcs }).status).toBe(0);
  });

  test('the mesh sidecar is told to quit, or the Job never completes', () => {
    expect(files()['reconcile.sh']).toContain('http://127.0.0.1:15020/quitquitquit');
    expect(files(shop({ mesh: { enabled: false } }))['reconcile.sh']).not.toContain('quitquitquit');
  });

  test('bootstrap.sql is idempotent and also makes the exporter a pg_monitor role and database owners follow the spec', () => {
    const sql = files()['bootstrap.sql'];
    expect(sql).toContain(`ALTER ROLE "postgres_exporter" WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION PASSWORD :'role_password';`);
    expect(sql).toContain('GRANT pg_monitor TO "postgres_exporter";');
    expect(sql).toContain('ALTER DATABASE "shop" OWNER TO "app";');
    expect(sql).not.toMatch(/^CREATE (ROLE|DATABASE) /m);
  });
});
