import { resolveSpec } from '../../../charts/platform';
import { renameEnv } from '../../../charts/lib/env-names';
import { postgresCaMount, postgresEnv, redisEnv } from '../../../charts/services/connection-env';
import { AppServiceSpec, PlatformSpec, PostgresSpec } from '../../../charts/spec';
import { PLATFORMS } from '../../../platforms';
import { allObjects, find, K8sObject, synthShipped } from '../../helpers';

const pg: PostgresSpec = {
  name: 'db',
  storage: { size: '1Gi' },
  superuserSecret: { name: 'db-su', key: 'password' },
  replicationSecret: { name: 'db-repl', key: 'password' },
  roles: { orders: { passwordSecret: { name: 'db-orders', key: 'password' } }, reader: { passwordSecret: { name: 'db-reader', key: 'pw' } } },
  databases: { orders: { owner: 'orders' }, billing_api: { owner: 'orders' } },
};
const svc = (s: Partial<AppServiceSpec> = {}): AppServiceSpec => ({ image: 'x:1', ports: { http: { port: 80 } }, talksTo: ['postgres', 'redis'], ...s });
const spec = (p: Partial<PostgresSpec> = {}, extra: Partial<PlatformSpec> = {}): PlatformSpec => ({ namespace: 'ns', postgres: { ...pg, ...p }, ...extra });
const values = (env: ReturnType<typeof postgresEnv>) => Object.fromEntries(env.map((e) => [e.name, e.value ?? e.valueFrom]));

describe('Postgres variables', () => {
  test('the password from the role\'s Secret first, then where and who, then the URL built from them', () => {
    const env = postgresEnv(spec({ pgbouncer: {} }), 'ns', 'orders', svc());
    expect(env.map((e) => e.name)).toEqual(['PGPASSWORD', 'PGHOST', 'PGPORT', 'PGSSLMODE', 'PGDATABASE', 'PGUSER', 'DATABASE_URL']);
    expect(values(env)).toEqual({
      PGPASSWORD: { secretKeyRef: { name: 'db-orders', key: 'password' } },
      PGHOST: 'db-pooler.ns.svc.cluster.local',
      PGPORT: '5432',
      PGSSLMODE: 'disable',
      PGDATABASE: 'orders',
      PGUSER: 'orders',
      DATABASE_URL: 'postgresql://$(PGUSER):$(PGPASSWORD)@$(PGHOST):$(PGPORT)/$(PGDATABASE)?sslmode=$(PGSSLMODE)',
    });
  });

  test('with postgres.tls: require without the CA; verify-full with it, the CA alone mounted and named by PGSSLROOTCERT', () => {
    const encrypted = values(postgresEnv(spec({ tls: { certificateSecret: 'db-tls' } }), 'ns', 'orders', svc()));
    expect(encrypted.PGSSLMODE).toBe('require');
    expect(encrypted).not.toHaveProperty('PGSSLROOTCERT');
    expect(postgresCaMount(spec({ tls: { certificateSecret: 'db-tls' } }), svc())).toEqual({ volumes: [], volumeMounts: [] });

    const tls = { certificateSecret: 'db-tls', caSecret: { name: 'db-ca', key: 'ca.pem' } };
    const verified = values(postgresEnv(spec({ tls }), 'ns', 'orders', svc()));
    expect(verified.PGSSLMODE).toBe('verify-full');
    expect(verified.PGSSLROOTCERT).toBe('/etc/postgres-ca/ca.crt');
    // only the CA's key of its own Secret: no client pod sees the server's private key
    expect(postgresCaMount(spec({ tls }), svc())).toEqual({
      volumes: [{ name: 'postgres-ca', secret: { secretName: 'db-ca', items: [{ key: 'ca.pem', path: 'ca.crt' }], defaultMode: 0o444 } }],
      volumeMounts: [{ name: 'postgres-ca', mountPath: '/etc/postgres-ca', readOnly: true }],
    });
    expect(postgresCaMount(spec({ tls }), svc({ talksTo: ['redis'] }))).toEqual({ volumes: [], volumeMounts: [] });
  });

  test('host: the pooler when there is one, else the primary; read-only: the replicas, through the read-only pool when there is one', () => {
    const host = (p: Partial<PostgresSpec>, s: Partial<AppServiceSpec> = {}) => values(postgresEnv(spec(p), 'ns', 'orders', svc(s))).PGHOST;
    expect(host({})).toBe('db-rw.ns.svc.cluster.local');
    expect(host({ pgbouncer: {} })).toBe('db-pooler.ns.svc.cluster.local');
    expect(host({ pgbouncer: {} }, { postgres: { readOnly: true } })).toBe('db-ro.ns.svc.cluster.local');
    expect(host({ pgbouncer: { readOnlyPool: true } }, { postgres: { readOnly: true } })).toBe('db-pooler-ro.ns.svc.cluster.local');
    // one member has no replica: reads go where the writes go
    expect(host({ members: 1, pgbouncer: { readOnlyPool: true } }, { postgres: { readOnly: true } })).toBe('db-pooler.ns.svc.cluster.local');
    expect(host({ members: 1 }, { postgres: { readOnly: true } })).toBe('db-rw.ns.svc.cluster.local');
  });

  test('database: the spec\'s, else the one named after the service, else the only one; user: the spec\'s, else the owner', () => {
    const who = (name: string, s: Partial<AppServiceSpec>, p: Partial<PostgresSpec> = {}) => {
      const v = values(postgresEnv(spec(p), 'ns', name, svc(s)));
      return [v.PGDATABASE, v.PGUSER, (v.PGPASSWORD as { secretKeyRef: { name: string } } | undefined)?.secretKeyRef.name];
    };
    expect(who('billing-api', {})).toEqual(['billing_api', 'orders', 'db-orders']);
    expect(who('web', { postgres: { database: 'orders', user: 'reader' } })).toEqual(['orders', 'reader', 'db-reader']);
    expect(who('web', {}, { databases: { shop: { owner: 'orders' } } })).toEqual(['shop', 'orders', 'db-orders']);
  });

  test('a cluster that declares no databases gives where, not who (the app brings its credentials)', () => {
    const env = postgresEnv(spec({ databases: undefined }), 'ns', 'web', svc());
    expect(env.map((e) => e.name)).toEqual(['PGHOST', 'PGPORT', 'PGSSLMODE']);
  });

  test('nothing without postgres in talksTo or in the platform', () => {
    expect(postgresEnv(spec(), 'ns', 'orders', svc({ talksTo: ['redis'] }))).toEqual([]);
    expect(postgresEnv({ namespace: 'ns' }, 'ns', 'orders', svc())).toEqual([]);
  });
});

describe('Redis variables', () => {
  const redisSpec: PlatformSpec = { namespace: 'ns', redis: { name: 'cache', masterSet: 'orders', sentinels: 5, passwordSecret: { name: 'cache-pw', key: 'pw' }, storage: { size: '1Gi' } } };

  test('Sentinel: the Service, every sentinel pod, the master set; the master endpoint and a URL; the password by reference', () => {
    const env = redisEnv(redisSpec, 'ns', svc());
    expect(env.map((e) => e.name)).toEqual(['REDIS_PASSWORD', 'REDIS_SENTINEL_HOST', 'REDIS_SENTINEL_PORT', 'REDIS_SENTINELS', 'REDIS_MASTER_SET', 'REDIS_HOST', 'REDIS_PORT', 'REDIS_URL']);
    const v = values(env);
    expect(v.REDIS_PASSWORD).toEqual({ secretKeyRef: { name: 'cache-pw', key: 'pw' } });
    expect(v.REDIS_SENTINEL_HOST).toBe('cache-sentinel.ns.svc.cluster.local');
    expect(v.REDIS_SENTINEL_PORT).toBe('26379');
    expect((v.REDIS_SENTINELS as string).split(',')).toEqual([0, 1, 2, 3, 4].map((i) => `cache-sentinel-${i}.cache-headless.ns.svc.cluster.local:26379`));
    expect(v.REDIS_MASTER_SET).toBe('orders');
    expect(v.REDIS_HOST).toBe('cache-master.ns.svc.cluster.local');
    expect(v.REDIS_PORT).toBe('6379');
    expect(v.REDIS_URL).toBe('redis://default:$(REDIS_PASSWORD)@$(REDIS_HOST):$(REDIS_PORT)');
  });

  test('without the master proxy: Sentinel only', () => {
    const off = { ...redisSpec, redis: { ...redisSpec.redis!, masterProxy: { enabled: false } } };
    expect(redisEnv(off, 'ns', svc()).map((e) => e.name)).toEqual(['REDIS_PASSWORD', 'REDIS_SENTINEL_HOST', 'REDIS_SENTINEL_PORT', 'REDIS_SENTINELS', 'REDIS_MASTER_SET']);
  });
});

test('renaming: new names, and the composed URLs follow them', () => {
  const env = renameEnv(postgresEnv(spec(), 'ns', 'orders', svc()), { PGHOST: 'DB_HOST', PGPASSWORD: 'DB_PASSWORD' });
  expect(env.map((e) => e.name)).toEqual(['DB_PASSWORD', 'DB_HOST', 'PGPORT', 'PGSSLMODE', 'PGDATABASE', 'PGUSER', 'DATABASE_URL']);
  expect(env[6].value).toBe('postgresql://$(PGUSER):$(DB_PASSWORD)@$(DB_HOST):$(PGPORT)/$(PGDATABASE)?sslmode=$(PGSSLMODE)');
  expect(renameEnv(env, undefined)).toEqual(env);
});

/**
 * Every shipped service that talks to Postgres or Redis, in every environment, gets complete
 * settings that work in the same synth output: hosts are Services there, on the port given,
 * whose pods admit the service in their NetworkPolicy; passwords are the Secrets the data
 * components use; every $(VAR) names a variable set earlier in the container.
 */
describe('shipped platforms', () => {
  const cases = PLATFORMS.flatMap((def) => Object.keys(def.environments).map((env) => [def.name, env] as const));

  test.each(cases)('%s %s', (platform, environment) => {
    const def = PLATFORMS.find((p) => p.name === platform)!;
    const s = resolveSpec(def, environment);
    const objects = allObjects(synthShipped(platform, environment));
    let checked = 0;
    for (const [name, service] of Object.entries(s.services ?? {})) {
      const talks = service.talksTo ?? [];
      // a service with state runs as a StatefulSet
      const workload = objects.find((o) => o.kind === 'StatefulSet' && o.metadata?.name === name) ?? find(objects, 'Deployment', name);
      const container = workload.spec.template.spec.containers[0];
      const env = (container.env ?? []) as K8sObject[];
      const byName = new Map(env.map((e) => [e.name, e]));
      const named = (generated: string) => service.envNames?.[generated] ?? generated;
      const value = (generated: string): string => {
        const e = byName.get(named(generated));
        if (!e || e.value === undefined) throw new Error(`${platform}/${environment} ${name}: no ${named(generated)}`);
        return e.value;
      };
      const secretRef = (generated: string) => byName.get(named(generated))?.valueFrom?.secretKeyRef;

      // $(VAR) expands only variables defined before it in the same container
      env.forEach((e, i) => {
        for (const [, ref] of (e.value ?? '').matchAll(/\$\(([^)]+)\)/g)) {
          expect(env.slice(0, i).map((x) => x.name)).toContain(ref);
        }
      });

      if (talks.includes('postgres') && s.postgres) {
        expect(s.postgres.roles?.[value('PGUSER')]?.passwordSecret).toEqual(secretRef('PGPASSWORD'));
        expect(Object.keys(s.postgres.databases ?? {})).toContain(value('PGDATABASE'));
        expect(value('PGSSLMODE')).toBe('disable');
        expect(value('DATABASE_URL')).toMatch(/^postgresql:\/\//);
        expectReachable(objects, s.namespace, name, value('PGHOST'), Number(value('PGPORT')));
        checked++;
      }
      if (talks.includes('redis') && s.redis) {
        expect(secretRef('REDIS_PASSWORD')).toEqual(s.redis.passwordSecret);
        expectReachable(objects, s.namespace, name, value('REDIS_SENTINEL_HOST'), Number(value('REDIS_SENTINEL_PORT')));
        expectReachable(objects, s.namespace, name, value('REDIS_HOST'), Number(value('REDIS_PORT')));
        for (const address of value('REDIS_SENTINELS').split(',')) {
          const [host, port] = address.split(':');
          expectPodReachable(objects, s.namespace, name, host, Number(port));
        }
        const sentinelEnv = find(objects, 'StatefulSet', `${s.redis.name ?? 'redis'}-sentinel`).spec.template.spec.containers[0].env as K8sObject[];
        expect(sentinelEnv.find((e) => e.name === 'MASTER_SET')?.value).toBe(value('REDIS_MASTER_SET'));
        expect(value('REDIS_URL')).toMatch(/^redis:\/\//);
        checked++;
      }
    }
    // vatic-prop has no Postgres, and every platform but its market data has both
    expect(checked).toBeGreaterThan(0);
  });
});

const matches = (labels: Record<string, string> | undefined, selector: Record<string, string>) =>
  Object.entries(selector).every(([k, v]) => labels?.[k] === v);

function podTemplates(objects: K8sObject[]): K8sObject[] {
  return objects.filter((o) => o.kind === 'Deployment' || o.kind === 'StatefulSet');
}

/** A Service `host` (FQDN) with `port`, selecting pods whose NetworkPolicy admits `caller` on the target port. */
function expectReachable(objects: K8sObject[], namespace: string, caller: string, host: string, port: number): void {
  const suffix = `.${namespace}.svc.cluster.local`;
  expect(host.endsWith(suffix)).toBe(true);
  const svc = find(objects, 'Service', host.slice(0, -suffix.length));
  const p = (svc.spec.ports as K8sObject[]).find((x) => x.port === port);
  expect(p).toBeDefined();
  const workloads = podTemplates(objects).filter((w) => matches(w.spec.template.metadata.labels, svc.spec.selector));
  expect(workloads.length).toBeGreaterThan(0);
  for (const w of workloads) expectAdmitted(objects, caller, w.spec.template.metadata.labels, containerPort(w, p!.targetPort));
}

/** A StatefulSet pod `<sts>-<i>.<headless>.<ns>.svc.cluster.local` that exists and admits `caller` on `port`. */
function expectPodReachable(objects: K8sObject[], namespace: string, caller: string, host: string, port: number): void {
  const [pod, headless, ns] = host.split('.');
  expect(ns).toBe(namespace);
  const m = /^(.*)-(\d+)$/.exec(pod)!;
  const sts = find(objects, 'StatefulSet', m[1]);
  expect(sts.spec.serviceName).toBe(headless);
  expect(sts.spec.replicas).toBeGreaterThan(Number(m[2]));
  const svc = find(objects, 'Service', headless);
  expect((svc.spec.ports as K8sObject[]).map((x) => x.port)).toContain(port);
  expectAdmitted(objects, caller, sts.spec.template.metadata.labels, port);
}

function containerPort(workload: K8sObject, targetPort: number | string): number {
  if (typeof targetPort === 'number') return targetPort;
  const ports = (workload.spec.template.spec.containers as K8sObject[]).flatMap((c) => c.ports ?? []);
  return ports.find((x: K8sObject) => x.name === targetPort).containerPort;
}

function expectAdmitted(objects: K8sObject[], caller: string, podLabels: Record<string, string>, port: number): void {
  const admitted = objects.filter((o) => o.kind === 'NetworkPolicy' && matches(podLabels, o.spec.podSelector.matchLabels ?? {}))
    // a rule without ports admits every port; one without from admits every source
    .some((np) => ((np.spec.ingress ?? []) as K8sObject[]).some((rule) =>
      (rule.ports === undefined || (rule.ports as K8sObject[]).some((x) => x.port === port)) &&
      (rule.from === undefined || (rule.from as K8sObject[]).some((f) => f.podSelector && !f.namespaceSelector &&
        matches({ 'app.kubernetes.io/instance': caller }, f.podSelector.matchLabels ?? {})))));
  expect({ caller, podLabels, port, admitted }).toEqual({ caller, podLabels, port, admitted: true });
}
