import { find } from '../../helpers';
import { container, envOf, shop, synthFile } from './fixtures';

const sts = (spec = shop()) => find(synthFile(spec, 'postgres'), 'StatefulSet', 'shop-db');

describe('member StatefulSet', () => {
  test('runs plain patroni with the rendered config', () => {
    const pg = container(sts().spec.template, 'postgres');
    expect(pg.command).toEqual(['patroni', '/etc/patroni/patroni.yml']);
    expect(pg.image).toBe('ghcr.io/zalando/spilo-15:3.1-p1');
    expect(pg.ports.map((p: any) => p.containerPort)).toEqual([5432, 8008]);
  });

  test('identity and secrets come from Patroni environment variables', () => {
    const env = envOf(container(sts().spec.template, 'postgres'));
    expect(env.PATRONI_NAME.valueFrom.fieldRef.fieldPath).toBe('metadata.name');
    expect(env.PATRONI_KUBERNETES_NAMESPACE.valueFrom.fieldRef.fieldPath).toBe('metadata.namespace');
    expect(env.PATRONI_KUBERNETES_POD_IP.valueFrom.fieldRef.fieldPath).toBe('status.podIP');
    expect(env.PATRONI_POSTGRESQL_CONNECT_ADDRESS.value).toBe('$(POD_IP):5432');
    expect(env.PATRONI_SUPERUSER_PASSWORD.valueFrom.secretKeyRef).toEqual({ name: 'shop-db-superuser', key: 'password' });
    expect(env.PATRONI_REPLICATION_PASSWORD.valueFrom.secretKeyRef).toEqual({ name: 'shop-db-replication', key: 'password' });
    // the REST API has credentials of its own, not the superuser's
    expect(env.PATRONI_RESTAPI_PASSWORD.valueFrom.secretKeyRef).toEqual({ name: 'shop-db-patroni-api', key: 'password' });
    expect(env.PGBOUNCER_ADMIN_PASSWORD.valueFrom.secretKeyRef).toEqual({ name: 'shop-db-pooler-admin', key: 'password' });
    expect(env.AWS_SECRET_ACCESS_KEY.valueFrom.secretKeyRef).toEqual({ name: 'shop-db-s3', key: 'AWS_SECRET_ACCESS_KEY' });
    expect(env.WALG_S3_PREFIX.value).toBe('s3://shop-backups/prod');
    expect(env.AWS_ENDPOINT.value).toBe('https://minio.storage:9000');
    expect(env.AWS_S3_FORCE_PATH_STYLE.value).toBe('true');
    // every member archives the same segments: an archived segment is never overwritten
    expect(env.WALG_PREVENT_WAL_OVERWRITE.value).toBe('true');
    // six deltas, each against the last full backup, then a full one
    expect(env.WALG_DELTA_MAX_STEPS.value).toBe('6');
    expect(env.WALG_DELTA_ORIGIN.value).toBe('LATEST_FULL');
  });

  test('with postgres.tls the certificate is mounted read-only, its key 0640 as Postgres requires of a root-owned key', () => {
    const s = sts(shop({ postgres: { tls: { certificateSecret: 'shop-db-tls' } } }));
    expect(s.spec.template.spec.volumes).toContainEqual({ name: 'tls', secret: { secretName: 'shop-db-tls', defaultMode: 0o640 } });
    expect(container(s.spec.template, 'postgres').volumeMounts).toContainEqual({ name: 'tls', mountPath: '/etc/postgres-tls', readOnly: true });
    expect(sts().spec.template.spec.volumes.some((v: { name: string }) => v.name === 'tls')).toBe(false);
  });

  test('deltaBackups 0 takes a full base backup every time', () => {
    const s = sts(shop({ postgres: { backup: { deltaBackups: 0 } } }));
    const env = envOf(container(s.spec.template, 'postgres'));
    expect(env.WALG_DELTA_MAX_STEPS).toBeUndefined();
    expect(env.WALG_DELTA_ORIGIN).toBeUndefined();
    const steps = envOf(container(sts(shop({ postgres: { backup: { deltaBackups: 23 } } })).spec.template, 'backup'));
    expect(steps.WALG_DELTA_MAX_STEPS.value).toBe('23');
  });

  test('volume claim template from the spec, retained, data-bearing', () => {
    const s = sts();
    expect(s.spec.volumeClaimTemplates).toEqual([{
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: 'data', labels: { 'app.kubernetes.io/name': 'postgres', 'app.kubernetes.io/instance': 'shop-db', 'app.kubernetes.io/component': 'database' } },
      spec: { accessModes: ['ReadWriteOnce'], storageClassName: 'fast', resources: { requests: { storage: '20Gi' } } },
    }]);
    expect(s.spec.persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted: 'Retain', whenScaled: 'Retain' });
    expect(s.metadata.annotations['argocd.argoproj.io/sync-options']).toBe('Prune=false,Delete=false');
    expect(s.spec.podManagementPolicy).toBe('Parallel');
    expect(s.spec.serviceName).toBe('shop-db');
    expect(s.spec.replicas).toBe(3);
  });

  test('pods carry Patroni\'s labels; the selector carries neither role nor version', () => {
    const s = sts();
    expect(s.spec.template.metadata.labels).toMatchObject({ application: 'patroni', 'cluster-name': 'shop-db' });
    expect(Object.keys(s.spec.selector.matchLabels).sort()).toEqual(['app.kubernetes.io/component', 'app.kubernetes.io/instance', 'app.kubernetes.io/name']);
    expect(s.spec.template.metadata.annotations['checksum/config']).toMatch(/^[0-9a-f]{64}$/);
  });

  test('with the mesh, Patroni starts only after the proxy', () => {
    expect(sts().spec.template.metadata.annotations['proxy.istio.io/config']).toBe('{"holdApplicationUntilProxyStarts":true}');
    expect(sts(shop({ mesh: { enabled: false } })).spec.template.metadata.annotations).not.toHaveProperty('proxy.istio.io/config');
  });

  test('the config checksum follows the configuration', () => {
    const a = sts().spec.template.metadata.annotations['checksum/config'];
    const b = sts(shop({ postgres: { parameters: { work_mem: '64MB' } } })).spec.template.metadata.annotations['checksum/config'];
    expect(a).not.toBe(b);
  });

  test('bootstrap-only content (a database extension, bootstrap.sql) does not roll the members', () => {
    const checksum = (spec = shop()) => sts(spec).spec.template.metadata.annotations['checksum/config'];
    const withExtension = shop({ postgres: { databases: { shop: { extensions: ['pg_trgm', 'timescaledb', 'citext'] } } } });
    const files = (spec = shop()) => find(synthFile(spec, 'postgres'), 'ConfigMap', 'shop-db-patroni').data;
    expect(files(withExtension)['bootstrap.sql']).not.toBe(files()['bootstrap.sql']);
    expect(checksum(withExtension)).toBe(checksum());
  });

  test('the preStop hands the leader role over before the container stops, within the grace period', () => {
    const pod = sts().spec.template;
    expect(container(pod, 'postgres').lifecycle.preStop.exec.command).toEqual(['python3', '/etc/patroni/handover.py', 'pre-stop']);
    // the handover's budget plus Patroni's own shutdown
    expect(pod.spec.terminationGracePeriodSeconds).toBeGreaterThanOrEqual(60 + 30);
  });

  test('Patroni probes: readiness and liveness endpoints of the REST API', () => {
    const pg = container(sts().spec.template, 'postgres');
    expect(pg.readinessProbe.httpGet).toEqual({ path: '/readiness', port: 8008 });
    expect(pg.livenessProbe.httpGet).toEqual({ path: '/liveness', port: 8008 });
    expect(pg.startupProbe.tcpSocket.port).toBe(8008);
  });

  test('role passwords and init SQL are mounted files; pods run as Spilo\'s postgres user', () => {
    const spec = sts().spec.template.spec;
    expect(spec.securityContext).toMatchObject({ runAsUser: 101, runAsGroup: 103, fsGroup: 103, runAsNonRoot: true });
    const passwords = spec.volumes.find((v: any) => v.name === 'role-passwords');
    expect(passwords.projected.sources).toEqual([
      { secret: { name: 'shop-db-app', items: [{ key: 'password', path: 'app' }] } },
      { secret: { name: 'shop-db-reporting', items: [{ key: 'pw', path: 'reporting' }] } },
      { secret: { name: 'shop-db-exporter', items: [{ key: 'password', path: 'postgres_exporter' }] } },
    ]);
    expect(spec.volumes.find((v: any) => v.name === 'init-sql').configMap.name).toBe('shop-migrations');
    expect(spec.serviceAccountName).toBe('shop-db-patroni');
  });

  test('the exporter logs in as its pg_monitor role with its own Secret, never as the superuser', () => {
    const exporter = container(sts().spec.template, 'exporter');
    expect(exporter.ports).toEqual([{ name: 'http-metrics', containerPort: 9187, protocol: 'TCP' }]);
    expect(envOf(exporter).DATA_SOURCE_USER.value).toBe('postgres_exporter');
    expect(envOf(exporter).DATA_SOURCE_PASS.valueFrom.secretKeyRef).toEqual({ name: 'shop-db-exporter', key: 'password' });
    expect(envOf(exporter).DATA_SOURCE_URI.value).toBe('localhost:5432/postgres?sslmode=disable');
  });

  test('the backup sidecar exists only with backups', () => {
    expect(() => container(sts().spec.template, 'backup')).not.toThrow();
    const names = sts(shop({ postgres: { backup: null } })).spec.template.spec.containers.map((c: any) => c.name);
    expect(names).toEqual(['postgres', 'exporter']);
  });

  test('member pods spread over nodes and zones', () => {
    const spec = sts().spec.template.spec;
    expect(spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution).toHaveLength(1);
    expect(spec.topologySpreadConstraints.map((t: any) => t.topologyKey)).toEqual(['kubernetes.io/hostname', 'topology.kubernetes.io/zone']);
  });
});
