import { find, K8sObject, synthShipped } from '../helpers';

/** The seeds' own requirements, read off the shipped platforms' rendered objects (docs/seed-requirements.md). */
const ENVS = ['dev', 'staging', 'prod'];
const all = (files: Map<string, K8sObject[]>) => [...files.values()].flat();

describe('deltran-mvp (seed 000)', () => {
  const prod = synthShipped('deltran-mvp', 'prod');

  test('the 5xx alert fires above 1%', () => {
    const rules = all(prod).filter((o) => o.kind === 'PrometheusRule').flatMap((r) => r.spec.groups.flatMap((g: K8sObject) => g.rules));
    const errors = rules.find((r: K8sObject) => /5xx/i.test(r.annotations?.description ?? '') && /> 0\.01$/.test(r.expr));
    expect(errors).toBeDefined();
  });

  test('the edge wants client certificates and TLS 1.3 where it serves TLS', () => {
    for (const env of ['staging', 'prod']) {
      const tls = find(synthShipped('deltran-mvp', env).get('edge')!, 'Gateway', 'edge').spec.servers[0].tls;
      expect(tls).toEqual({ mode: 'MUTUAL', credentialName: 'deltran-edge-tls', minProtocolVersion: 'TLSV1_3' });
    }
  });

  test('10,000 requests a minute in all and 1,000 per route', () => {
    const patches = find(prod.get('edge-rate-limit')!, 'EnvoyFilter', 'deltran-edge-rate-limit').spec.configPatches;
    const buckets = patches.filter((p: K8sObject) => p.applyTo !== 'HTTP_FILTER')
      .map((p: K8sObject) => [p.applyTo, (Object.values(p.patch.value.typed_per_filter_config)[0] as K8sObject).token_bucket.max_tokens]);
    expect(buckets).toEqual([['VIRTUAL_HOST', 10000], ['HTTP_ROUTE', 1000], ['HTTP_ROUTE', 1000], ['HTTP_ROUTE', 1000]]);
  });

  test('the notification engine reads every stream through a durable consumer; the streams and consumers are NACK resources', () => {
    const nats = prod.get('nats')!;
    const streams = nats.filter((o) => o.kind === 'Stream').map((s) => s.spec.name).sort();
    const consumers = nats.filter((o) => o.kind === 'Consumer' && o.spec.durableName === 'notification-engine').map((c) => c.spec.streamName).sort();
    expect(streams).toHaveLength(8);
    expect(consumers).toEqual(streams);
  });

  test('/health is routed to the gateway; /metrics and /admin are not published', () => {
    const prefixes = find(prod.get('edge')!, 'VirtualService', 'edge').spec.http.map((r: K8sObject) => r.match[0].uri.prefix);
    expect(prefixes).toContain('/health');
    expect(prefixes.some((p: string) => p.startsWith('/metrics') || p.startsWith('/admin'))).toBe(false);
  });
});

describe('deltran-core (seed 001)', () => {
  test('the ledger keeps its RocksDB on a retained claim of a one-pod StatefulSet', () => {
    for (const env of ENVS) {
      const sts = find(synthShipped('deltran-core', env).get('svc-ledger-api')!, 'StatefulSet', 'ledger-api');
      expect(sts.spec.replicas).toBe(1);
      expect(sts.spec.persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted: 'Retain', whenScaled: 'Retain' });
      expect(sts.spec.template.spec.containers[0].volumeMounts).toContainEqual({ name: 'state', mountPath: '/var/lib/ledger' });
    }
  });

  test('hourly gzip SQL dumps and hourly base backups, encrypted', () => {
    const pg = synthShipped('deltran-core', 'prod').get('postgres')!;
    expect(find(pg, 'CronJob', 'ledger-db-logical-dump').spec.schedule).toBe('30 * * * *');
    expect(find(pg, 'CronJob', 'ledger-db-base-backup').spec.schedule).toBe('0 * * * *');
    const script = pg.find((o) => o.kind === 'ConfigMap' && o.data?.['logical-dump.sh'])!.data['logical-dump.sh'];
    expect(script).toMatch(/\| gzip -c \| openssl enc -aes-256-cbc/);
    const env = find(pg, 'StatefulSet', 'ledger-db').spec.template.spec.containers.flatMap((c: K8sObject) => c.env ?? []);
    expect(env).toContainEqual({ name: 'WALG_LIBSODIUM_KEY', valueFrom: { secretKeyRef: { name: 'ledger-db-backup-key', key: 'key' } } });
  });
});

describe('recon (seed 002)', () => {
  const prod = synthShipped('recon', 'prod');

  test('weekly dumps are kept a year, base backups 30 days', () => {
    const scripts = prod.get('postgres')!.find((o) => o.kind === 'ConfigMap' && o.data?.['logical-dump.sh'])!.data;
    expect(scripts['logical-dump.sh']).toContain('prune logical/ 365');
    expect(scripts['base-backup.sh']).toContain('backup_list.py keep 30)');
  });

  test('CORS for the site\'s own origin and the security headers on every edge route', () => {
    for (const route of find(prod.get('edge')!, 'VirtualService', 'edge').spec.http) {
      expect(route.corsPolicy.allowOrigins).toEqual([{ exact: 'https://recon.example.com' }]);
      expect(route.headers.response.set['strict-transport-security']).toBeDefined();
    }
  });

  test('the frontend autoscales as well as the backend', () => {
    for (const name of ['frontend', 'backend']) expect(find(prod.get(`svc-${name}`)!, 'HorizontalPodAutoscaler', name).spec.scaleTargetRef.kind).toBe('Deployment');
  });
});

describe('vatic-prop (seed 003)', () => {
  test('core-service runs as core-service-sa, the account the IRSA trust names, and is admitted as it', () => {
    const files = synthShipped('vatic-prop', 'prod');
    const core = files.get('svc-core-service')!;
    expect(find(core, 'ServiceAccount', 'core-service-sa').metadata.annotations['eks.amazonaws.com/role-arn']).toMatch(/core-service-secrets-role$/);
    expect(find(core, 'Deployment', 'core-service').spec.template.spec.serviceAccountName).toBe('core-service-sa');
    const principals = all(files).filter((o) => o.kind === 'AuthorizationPolicy')
      .flatMap((p) => (p.spec.rules ?? []).flatMap((r: K8sObject) => r.from?.flatMap((f: K8sObject) => f.source.principals ?? []) ?? []));
    expect(principals).toContain('cluster.local/ns/vatic-prop/sa/core-service-sa');
    expect(principals).not.toContain('cluster.local/ns/vatic-prop/sa/core-service');
  });
});

describe('wallet (seed 004)', () => {
  const prod = synthShipped('wallet', 'prod');

  test('JWT on the wallet, transaction and admin routes; identity stays public', () => {
    for (const name of ['wallet-service', 'transaction-service', 'admin-service']) {
      expect(find(prod.get(`svc-${name}`)!, 'RequestAuthentication', name).spec.jwtRules[0].issuer).toBe('https://api.wallet.example.com');
    }
    expect(prod.get('svc-identity-service')!.some((o) => o.kind === 'RequestAuthentication')).toBe(false);
  });

  test('20/100/200 requests a minute for public, protected and admin routes', () => {
    const patches = find(prod.get('edge-rate-limit')!, 'EnvoyFilter', 'wallet-edge-rate-limit').spec.configPatches.filter((p: K8sObject) => p.applyTo === 'HTTP_ROUTE');
    const limits = Object.fromEntries(patches.map((p: K8sObject) => [
      p.match.routeConfiguration.vhost.route.name, (Object.values(p.patch.value.typed_per_filter_config)[0] as K8sObject).token_bucket.max_tokens,
    ]));
    expect(limits).toEqual({ 'api-v1-identity': 20, 'api-v1-wallet': 100, 'api-v1-transactions': 100, 'api-v1-admin': 200 });
  });

  test('database backups in prod only', () => {
    expect(prod.get('postgres')!.some((o) => o.kind === 'CronJob' && o.metadata.name === 'wallet-db-base-backup')).toBe(true);
    expect(synthShipped('wallet', 'dev').get('postgres')!.some((o) => o.kind === 'CronJob')).toBe(false);
  });

  test('request logging for the namespace', () => {
    expect(find(prod.get('namespace')!, 'Telemetry', 'access-logs').spec.accessLogging).toEqual([{ providers: [{ name: 'envoy' }] }]);
  });
});
