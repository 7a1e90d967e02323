import { deployment, statefulSet } from '../fixtures';
import { dangersBetween, edited, lines, obj } from './helpers';

const svc = (spec: Record<string, unknown>) => obj('v1', 'Service', 'db', { selector: { app: 'db' }, ports: [{ name: 'tcp-postgres', port: 5432, targetPort: 5432 }], ...spec });

describe('Service', () => {
  test('headless <-> virtual IP is immutable; a new type exposes it', () => {
    const [d] = dangersBetween([svc({ clusterIP: 'None' })], [svc({})]);
    expect(d).toMatchObject({ rule: 'immutable-field', summary: 'spec.clusterIP: "None" -> (unset)' });
    expect(d.atApply).toContain('kubectl delete service db -n shop');
    expect(lines(dangersBetween([svc({})], [svc({ type: 'LoadBalancer' })]))).toEqual(['client-breaking: spec.type ClusterIP -> LoadBalancer']);
  });

  test('a port renumbered, renamed or removed breaks clients; a port added does not', () => {
    const renumbered = svc({ ports: [{ name: 'tcp-postgres', port: 5433, targetPort: 5432 }] });
    expect(lines(dangersBetween([svc({})], [renumbered]))).toEqual(['client-breaking: port tcp-postgres 5432 -> 5433']);
    const renamed = svc({ ports: [{ name: 'postgres', port: 5432, targetPort: 5432 }] });
    expect(lines(dangersBetween([svc({})], [renamed]))).toEqual(['client-breaking: port 5432 renamed tcp-postgres -> postgres']);
    const added = svc({ ports: [{ name: 'tcp-postgres', port: 5432, targetPort: 5432 }, { name: 'http-metrics', port: 9187 }] });
    expect(dangersBetween([svc({})], [added])).toEqual([]);
  });

  test('a selector change routes to other pods', () => {
    expect(lines(dangersBetween([svc({})], [svc({ selector: { app: 'db2' } })]))).toEqual(['client-breaking: spec.selector: {"app":"db"} -> {"app":"db2"}']);
  });
});

describe('Secret references and claims', () => {
  test('a Secret name in an env var changes', () => {
    const after = edited(statefulSet(), (o) => { o.spec.template.spec.containers[0].env[1].valueFrom.secretKeyRef.name = 'orders-db-superuser-v2'; });
    const [d] = dangersBetween([statefulSet()], [after]);
    expect(d).toMatchObject({ rule: 'secret-reference-changed' });
    expect(d.summary).toMatch(/secretKeyRef\.name orders-db-superuser -> orders-db-superuser-v2$/);
  });

  test('a new env var or image patch of a Deployment is quiet', () => {
    const after = edited(deployment('api', 'ghcr.io/shop/api:1.0.1'), (o) => { o.spec.template.spec.containers[0].env = [{ name: 'X', value: '1' }]; });
    expect(dangersBetween([deployment('api')], [after])).toEqual([]);
  });

  test('a storage class change of a claim template', () => {
    const after = edited(statefulSet(), (o) => { o.spec.volumeClaimTemplates[0].spec.storageClassName = 'gp3'; });
    expect(lines(dangersBetween([statefulSet()], [after]))).toEqual([
      'immutable-field: spec.volumeClaimTemplates changed',
      'storage-class-changed: spec.volumeClaimTemplates[name=data].spec.storageClassName: (unset) -> "gp3"',
    ]);
  });
});

describe('a server that starts requiring TLS', () => {
  const cm = (data: Record<string, string>) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'db-patroni', namespace: 'shop' }, data });
  const patroni = (type: string) => `postgresql:\n  pg_hba:\n  - local all all scram-sha-256\n  - host all all 127.0.0.1/32 scram-sha-256\n  - ${type} all all 0.0.0.0/0 scram-sha-256\n`;
  const ini = (mode?: string) => `[pgbouncer]\nlisten_port = 6432\n${mode ? `client_tls_sslmode = ${mode}\n` : ''}`;

  test('pg_hba lines turned hostssl break plain clients', () => {
    const [d] = dangersBetween([cm({ 'patroni.yml': patroni('host') })], [cm({ 'patroni.yml': patroni('hostssl') })]);
    expect(d).toMatchObject({ rule: 'client-breaking', summary: 'data["patroni.yml"]: 1 pg_hba line(s) host -> hostssl' });
    expect(d.atApply).toMatch(/move every client to sslmode=require first/);
  });

  test('PgBouncer starting to require TLS breaks plain clients', () => {
    expect(lines(dangersBetween([cm({ 'pgbouncer-rw.ini': ini() })], [cm({ 'pgbouncer-rw.ini': ini('require') })])))
      .toEqual(['client-breaking: data["pgbouncer-rw.ini"]: client_tls_sslmode disable -> require']);
  });

  test('TLS turned off, a new hostssl line or an unchanged config is quiet', () => {
    expect(dangersBetween([cm({ 'patroni.yml': patroni('hostssl') })], [cm({ 'patroni.yml': patroni('host') })])).toEqual([]);
    expect(dangersBetween([cm({ 'pgbouncer-rw.ini': ini('require') })], [cm({ 'pgbouncer-rw.ini': ini('verify-full') })])).toEqual([]);
    const added = patroni('host').replace('  - host all all 0.0.0.0/0', '  - hostssl billing all 10.0.0.0/8 scram-sha-256\n  - host all all 0.0.0.0/0');
    expect(dangersBetween([cm({ 'patroni.yml': patroni('host') })], [cm({ 'patroni.yml': added })])).toEqual([]);
  });
});
