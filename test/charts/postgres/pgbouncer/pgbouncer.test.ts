import { find } from '../../../helpers';
import { container, shop, synthFile } from '../fixtures';

const objects = (spec = shop()) => synthFile(spec, 'pgbouncer');

describe('PgBouncer', () => {
  test('with postgres.tls: the certificate mounted for PgBouncer\'s group only, the CA alone, the exporter over TLS', () => {
    const tls = { certificateSecret: 'shop-db-tls', caSecret: { name: 'shop-db-ca', key: 'ca.crt' } };
    const rw = find(objects(shop({ postgres: { tls } })), 'Deployment', 'shop-db-pooler');
    const volumes = rw.spec.template.spec.volumes;
    expect(volumes).toContainEqual({ name: 'tls', secret: { secretName: 'shop-db-tls', defaultMode: 0o440 } });
    expect(volumes).toContainEqual({ name: 'ca', secret: { secretName: 'shop-db-ca', items: [{ key: 'ca.crt', path: 'ca.crt' }], defaultMode: 0o444 } });
    expect(container(rw.spec.template, 'pgbouncer').volumeMounts).toEqual(expect.arrayContaining([
      { name: 'tls', mountPath: '/etc/pgbouncer/tls', readOnly: true }, { name: 'ca', mountPath: '/etc/pgbouncer/ca', readOnly: true },
    ]));
    expect(container(rw.spec.template, 'exporter').command.join(' ')).toContain('/pgbouncer?sslmode=require');
    expect(container(find(objects(), 'Deployment', 'shop-db-pooler').spec.template, 'exporter').command.join(' ')).toContain('/pgbouncer?sslmode=disable');
  });

  test('a Deployment per pool, two replicas by default, rolled by the config checksum', () => {
    const rw = find(objects(), 'Deployment', 'shop-db-pooler');
    const ro = find(objects(), 'Deployment', 'shop-db-pooler-ro');
    expect(rw.spec.replicas).toBe(2);
    expect(container(rw.spec.template, 'pgbouncer').command).toEqual(['pgbouncer', '/etc/pgbouncer/config/pgbouncer-rw.ini']);
    expect(container(ro.spec.template, 'pgbouncer').command).toEqual(['pgbouncer', '/etc/pgbouncer/config/pgbouncer-ro.ini']);
    const checksum = (d: any) => d.spec.template.metadata.annotations['checksum/config'];
    expect(checksum(rw)).not.toBe(checksum(ro));
    const bigger = find(objects(shop({ postgres: { pgbouncer: { defaultPoolSize: 40 } } })), 'Deployment', 'shop-db-pooler');
    expect(checksum(bigger)).not.toBe(checksum(rw));
  });

  test('Services expose 5432 as tcp-pgbouncer to PgBouncer\'s 6432', () => {
    for (const name of ['shop-db-pooler', 'shop-db-pooler-ro']) {
      const svc = find(objects(), 'Service', name);
      expect(svc.spec.ports).toEqual([{ name: 'tcp-pgbouncer', port: 5432, protocol: 'TCP', targetPort: 6432 }]);
      expect(svc.spec.selector['app.kubernetes.io/component']).toBe(name.endsWith('-ro') ? 'pooler-ro' : 'pooler');
    }
  });

  test('role passwords and the admin console password reach the init container as Secret files', () => {
    const pod = find(objects(), 'Deployment', 'shop-db-pooler').spec.template;
    expect(container(pod, 'userlist').command).toEqual(['/bin/sh', '/etc/pgbouncer/config/build-userlist.sh']);
    const secrets = pod.spec.volumes.find((v: any) => v.name === 'secrets');
    expect(secrets.projected.sources).toEqual([
      { secret: { name: 'shop-db-app', items: [{ key: 'password', path: 'app' }] } },
      { secret: { name: 'shop-db-reporting', items: [{ key: 'pw', path: 'reporting' }] } },
      { secret: { name: 'shop-db-pooler-admin', items: [{ key: 'password', path: 'pgbouncer_admin' }] } },
    ]);
    expect(pod.spec.volumes.find((v: any) => v.name === 'auth').emptyDir.medium).toBe('Memory');
    expect(pod.spec.automountServiceAccountToken).toBe(false);
  });

  test('the exporter sidecar serves 9127 and reads the in-pod stats password', () => {
    const exporter = container(find(objects(), 'Deployment', 'shop-db-pooler').spec.template, 'exporter');
    expect(exporter.ports).toEqual([{ name: 'http-metrics', containerPort: 9127, protocol: 'TCP' }]);
    expect(exporter.command[2]).toContain('$(cat /run/pgbouncer-auth/stats-password)@127.0.0.1:6432/pgbouncer');
    const monitor = find(objects(), 'PodMonitor', 'shop-db-pooler');
    expect(monitor.spec.podMetricsEndpoints).toEqual([{ port: 'http-metrics', path: '/metrics', interval: '30s' }]);
  });

  test('PDB per pool with two or more replicas, none for one', () => {
    expect(find(objects(), 'PodDisruptionBudget', 'shop-db-pooler').spec.maxUnavailable).toBe(1);
    const single = objects(shop({ postgres: { pgbouncer: { replicas: 1 } } }));
    expect(single.some((o) => o.kind === 'PodDisruptionBudget')).toBe(false);
  });

  test('callers of postgres may reach the poolers; Postgres admits the pooler pods', () => {
    const np = find(objects(), 'NetworkPolicy', 'shop-db-pooler');
    expect(np.spec.ingress[0].from).toContainEqual({ podSelector: { matchLabels: { 'app.kubernetes.io/instance': 'api' } } });
    expect(np.spec.ingress[0].ports).toEqual([{ protocol: 'TCP', port: 6432 }]);
    const pg = find(synthFile(shop(), 'postgres'), 'NetworkPolicy', 'shop-db');
    expect(pg.spec.ingress[0].from).toContainEqual({ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'pgbouncer', 'app.kubernetes.io/instance': 'shop-db' } } });
  });

  test('DestinationRules for the pooler Services when the mesh is on', () => {
    expect(find(objects(), 'DestinationRule', 'shop-db-pooler').spec.host).toBe('shop-db-pooler.shop.svc.cluster.local');
    expect(objects(shop({ mesh: { enabled: false } })).some((o) => o.kind === 'DestinationRule')).toBe(false);
  });

  test('no pgbouncer file without pgbouncer', () => {
    expect(() => synthFile(shop({ postgres: { pgbouncer: null } }), 'pgbouncer')).toThrow(/no pgbouncer file/);
  });
});
