import { ManifestValidator, type Violation } from '../../validation';
import { emptyCelStats } from '../../validation/cel-rules';
import { CrdSchemaValidator } from '../../validation/crd-schema';
import { goRegExp, uncompilablePatterns } from '../../validation/go-regexp';
import {
  appProject, argoApplication, authorizationPolicy, destinationRule, environment, kafka, kafkaNodePool, kafkaTopic, kafkaUser,
  natsStream, NS, peerAuthentication, podMonitor, prometheusRule, serviceMonitor, virtualService, type Obj,
} from './fixtures';

const validator = ManifestValidator.load();
const crds = validator.customResources;
const run = (o: Obj): Violation[] => validator.validate([o]).filter((v) => ['schema', 'cel', 'unknown-kind'].includes(v.check));

describe('custom resources: schema', () => {
  test.each([
    ['Kafka', kafka()], ['KafkaNodePool', kafkaNodePool()], ['KafkaTopic', kafkaTopic('orders')], ['KafkaUser', kafkaUser('api')],
    ['VirtualService', virtualService('api')], ['DestinationRule', destinationRule('api')], ['PeerAuthentication', peerAuthentication()],
    ['AuthorizationPolicy', authorizationPolicy('api')], ['ServiceMonitor', serviceMonitor('api')], ['PodMonitor', podMonitor('ledger')],
    ['PrometheusRule', prometheusRule('api')], ['Stream', natsStream('orders')], ['Application', argoApplication()], ['AppProject', appProject()],
  ])('a valid %s passes', (_kind, o) => {
    expect(run(o)).toEqual([]);
  });

  test('KafkaTopic (kafka.strimzi.io/v1) with an unknown field fails; free-form config stays free-form', () => {
    const t = kafkaTopic('orders');
    t.spec.partition = 3;
    t.spec.config['any.broker.setting'] = 'x';
    expect(run(t)).toEqual([
      { object: `KafkaTopic/${NS}/orders`, check: 'schema', path: 'spec.partition', message: expect.stringMatching(/unknown field/) },
    ]);
  });

  test('KafkaTopic with a wrong type fails', () => {
    const t = kafkaTopic('orders');
    t.spec.partitions = 'six';
    expect(run(t)).toEqual([expect.objectContaining({ check: 'schema', path: 'spec.partitions', message: 'must be integer' })]);
  });

  test('VirtualService (networking.istio.io/v1) with a bad field deep in a route fails', () => {
    const vs = virtualService('api');
    vs.spec.http[0].route[0].destination.prot = { number: 80 };
    vs.spec.http[0].timout = '5s';
    expect(run(vs).map((v) => `${v.check} ${v.path}`).sort()).toEqual([
      'schema spec.http[0].route[0].destination.prot',
      'schema spec.http[0].timout',
    ]);
  });

  test('an enum violation names the allowed values', () => {
    const u = kafkaUser('api');
    u.spec.authentication.type = 'kerberos';
    expect(run(u)).toEqual([expect.objectContaining({ path: 'spec.authentication.type', message: expect.stringMatching(/must be one of "tls", "tls-external", "scram-sha-512"/) })]);
  });

  test('PrometheusRule expr is int-or-string', () => {
    const r = prometheusRule('api');
    r.spec.groups[0].rules[0].expr = 1;
    expect(run(r)).toEqual([]);
    r.spec.groups[0].rules[0].expr = ['up'];
    expect(run(r)).toEqual([expect.objectContaining({ path: 'spec.groups[0].rules[0].expr', message: 'must be integer or string' })]);
  });

  test('Go patterns with (?i) match case-insensitively (PrometheusRule partial_response_strategy)', () => {
    const r = prometheusRule('api');
    r.spec.groups[0].partial_response_strategy = 'WARN';
    expect(run(r)).toEqual([]);
    r.spec.groups[0].partial_response_strategy = 'retry';
    expect(run(r)).toEqual([expect.objectContaining({ path: 'spec.groups[0].partial_response_strategy', message: expect.stringMatching(/pattern/) })]);
  });

  test('custom resource metadata is held to ObjectMeta', () => {
    const t = kafkaTopic('orders');
    t.metadata.label = { a: 'b' };
    expect(run(t)).toEqual([expect.objectContaining({ check: 'schema', path: 'metadata.label' })]);
  });

  test('an unknown apiVersion/kind is a violation, with a hint when the kind exists elsewhere', () => {
    const old = { ...kafkaTopic('orders'), apiVersion: 'kafka.strimzi.io/v1beta1' };
    expect(run(old)).toEqual([{
      object: `KafkaTopic/${NS}/orders`, check: 'unknown-kind', path: 'apiVersion', message: expect.stringContaining('defined for apiVersion kafka.strimzi.io/v1'),
    }]);
    const widget = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w', namespace: NS }, spec: {} };
    expect(run(widget)).toEqual([expect.objectContaining({ object: `Widget/${NS}/w`, check: 'unknown-kind', message: expect.stringContaining('no Kubernetes 1.28 built-in or pinned CRD') })]);
    expect(run({ kind: 'Widget' })).toEqual([expect.objectContaining({ check: 'unknown-kind' })]);
  });
});

describe('custom resources: CEL rules (x-kubernetes-validations)', () => {
  test('Strimzi KafkaUser: renewalDays must be less than validityDays', () => {
    const u = kafkaUser('api');
    u.spec.authentication = { type: 'tls', validityDays: 10, renewalDays: 30 };
    expect(run(u)).toEqual([{
      object: `KafkaUser/${NS}/api`, check: 'cel', path: 'spec.authentication', message: expect.stringContaining("'renewalDays' must be less than 'validityDays'."),
    }]);
    u.spec.authentication = { type: 'tls', validityDays: 30, renewalDays: 10 };
    expect(run(u)).toEqual([]);
  });

  test('Istio PeerAuthentication: portLevelMtls requires a selector, ports in range', () => {
    const pa = peerAuthentication();
    pa.spec.portLevelMtls = { 8080: { mode: 'PERMISSIVE' } };
    expect(run(pa)).toEqual([expect.objectContaining({ check: 'cel', path: 'spec', message: expect.stringContaining('portLevelMtls requires selector') })]);
    pa.spec.selector = { matchLabels: { app: 'api' } };
    expect(run(pa)).toEqual([]);
    pa.spec.portLevelMtls = { 0: { mode: 'PERMISSIVE' } };
    expect(run(pa)).toEqual([expect.objectContaining({ check: 'cel', path: 'spec.portLevelMtls', message: expect.stringContaining('port must be between 1-65535') })]);
  });

  test('Istio DestinationRule: durations must be at least 1ms', () => {
    const dr = destinationRule('api');
    dr.spec.trafficPolicy.connectionPool.tcp.connectTimeout = '0s';
    expect(run(dr)).toEqual([expect.objectContaining({
      check: 'cel', path: 'spec.trafficPolicy.connectionPool.tcp.connectTimeout', message: expect.stringContaining('must be a valid duration greater than 1ms'),
    })]);
  });

  test('Istio AuthorizationPolicy: no wildcard in selector labels', () => {
    const ap = authorizationPolicy('api');
    ap.spec.selector.matchLabels = { app: 'api-*' };
    expect(run(ap)).toEqual([expect.objectContaining({ check: 'cel', path: 'spec.selector.matchLabels.app', message: expect.stringContaining('wildcard not allowed in label value match') })]);
  });

  test('Istio ServiceEntry: duplicate port numbers (exists_one) and a wildcard host', () => {
    const se = {
      apiVersion: 'networking.istio.io/v1', kind: 'ServiceEntry', metadata: { name: 'psp', namespace: NS },
      spec: { hosts: ['*'], location: 'MESH_EXTERNAL', resolution: 'DNS', ports: [{ number: 443, name: 'https', protocol: 'TLS' }, { number: 443, name: 'https-2', protocol: 'TLS' }] },
    };
    expect(run(se).map((v) => `${v.check} ${v.path}: ${v.message.split(' (rule')[0]}`).sort()).toEqual([
      'cel spec.hosts[0]: hostname cannot be wildcard',
      'cel spec.ports: port number cannot be duplicated',
    ]);
  });

  test('Istio URL rules use the Kubernetes URL functions (isURL, url, getScheme)', () => {
    const wasm = {
      apiVersion: 'extensions.istio.io/v1alpha1', kind: 'WasmPlugin', metadata: { name: 'auth', namespace: NS },
      spec: { url: 'ftp://example.com/filter.wasm', selector: { matchLabels: { app: 'api' } } },
    };
    expect(run(wasm)).toEqual([expect.objectContaining({ check: 'cel', path: 'spec.url', message: expect.stringContaining('url must have schema one of [http, https, file, oci]') })]);
    wasm.spec.url = 'ghcr.io/example/filter:1.0';  // no scheme: the rule retries with http://
    expect(run(wasm)).toEqual([]);
  });

  test('a rule that errors on the data (no such field) is a violation, as on the API server', () => {
    const k = kafka();
    k.spec.kafka.rack = { type: 'topology-label' };
    expect(run(k)).toEqual([expect.objectContaining({ check: 'cel', path: 'spec.kafka.rack', message: expect.stringContaining('could not be evaluated') })]);
  });

  test('most rules reached by these objects evaluate; the skipped count is reported', () => {
    const objects: Obj[] = [...environment()];
    const u = kafkaUser('x');
    u.spec.authentication = { type: 'tls', validityDays: 30, renewalDays: 10 };
    const pa: Obj = { ...peerAuthentication(), metadata: { name: 'api-ports', namespace: NS } };
    pa.spec.selector = { matchLabels: { app: 'api' } };
    pa.spec.portLevelMtls = { 8080: { mode: 'PERMISSIVE' } };
    const wasm = {
      apiVersion: 'extensions.istio.io/v1alpha1', kind: 'WasmPlugin', metadata: { name: 'auth', namespace: NS },
      spec: { url: 'oci://ghcr.io/example/auth-filter:1.0.0', selector: { matchLabels: { app: 'api' } } },
    };
    const jwt = {
      apiVersion: 'security.istio.io/v1', kind: 'RequestAuthentication', metadata: { name: 'jwt', namespace: NS },
      spec: { jwtRules: [{ issuer: 'https://issuer.example.com', jwksUri: 'https://issuer.example.com/.well-known/jwks.json' }] },
    };
    objects.push(u, pa, wasm, jwt);
    const { violations, cel } = validator.validateWithStats(objects);
    expect(violations).toEqual([]);
    if (process.env.SHOW_CEL) console.log(cel);
    expect(typeof cel.skipped).toBe('number');
    expect(cel.evaluated).toBeGreaterThan(40);
    expect(cel.evaluated / (cel.evaluated + cel.skipped)).toBeGreaterThanOrEqual(0.9);
  });
});

describe('CEL robustness on a synthetic CRD', () => {
  const crd = (rules: Array<{ rule: string; message?: string }>, extra: Obj = {}) => CrdSchemaValidator.fromCrds([{
    kind: 'CustomResourceDefinition',
    spec: {
      group: 'example.com',
      names: { kind: 'Widget' },
      versions: [{
        name: 'v1',
        served: true,
        schema: {
          openAPIV3Schema: {
            type: 'object',
            properties: {
              spec: {
                type: 'object',
                'x-kubernetes-validations': rules,
                properties: { size: { type: 'integer' }, name: { type: 'string' }, mode: { type: 'string', default: 'fast' }, ...extra },
              },
            },
          },
        },
      }],
    },
  }]);
  const widget = (spec: Obj) => ({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, spec });

  test('unsupported functions, unparsable rules and transition rules are skipped and counted, never thrown', () => {
    const v = crd([
      { rule: 'self.name.frobnicate() == 1', message: 'unsupported' },
      { rule: 'self.size >', message: 'does not parse' },
      { rule: 'self.size >= oldSelf.size', message: 'transition' },
      { rule: 'self.size + 1 > 1', message: 'size must be positive' },
    ]);
    const stats = emptyCelStats();
    const result = v.validate(widget({ size: 3, name: 'a' }), stats);
    expect(result.cel).toEqual([]);
    expect(stats).toMatchObject({ evaluated: 1, skipped: 3, failed: 0 });
    expect([...stats.skippedRules.values()].join('\n')).toMatch(/transition rule/);
    const failing = emptyCelStats();
    expect(v.validate(widget({ size: -5, name: 'a' }), failing).cel).toEqual([{ path: 'spec', message: expect.stringContaining('size must be positive') }]);
    expect(failing.failed).toBe(1);
  });

  test('schema defaults are applied before rules run, as the API server does', () => {
    const v = crd([{ rule: "self.mode == 'fast'", message: 'mode must be fast' }]);
    expect(v.validate(widget({ size: 1 })).cel).toEqual([]);
    expect(v.validate(widget({ size: 1, mode: 'slow' })).cel).toEqual([expect.objectContaining({ message: expect.stringContaining('mode must be fast') })]);
  });

  test('a pattern JavaScript cannot compile matches everything instead of failing', () => {
    const v = CrdSchemaValidator.fromCrds([{
      kind: 'CustomResourceDefinition',
      spec: { group: 'example.com', names: { kind: 'Widget' }, versions: [{ name: 'v1', served: true, schema: { openAPIV3Schema: {
        type: 'object', properties: { spec: { type: 'object', properties: { id: { type: 'string', pattern: '^(?P<word>[a-z]+)$' } } } },
      } } }] },
    }]);
    expect(v.validate(widget({ id: 'ANYTHING-123' })).schema).toEqual([]);
    expect(uncompilablePatterns.has('^(?P<word>[a-z]+)$')).toBe(true);
  });
});

describe('goRegExp', () => {
  test('(?i) at the start or after ^ becomes the i flag', () => {
    expect(goRegExp('(?i)^abc$', 'u').test('ABC')).toBe(true);
    expect(goRegExp('^(?i)(abort|warn)?$', 'u').test('Warn')).toBe(true);
    expect(goRegExp('^(?i)(abort|warn)?$', 'u').test('retry')).toBe(false);
  });

  test('RE2 identity escapes that the u flag rejects still compile', () => {
    expect(goRegExp('^[a-z\\-]+$', 'u').test('a-b')).toBe(true);
  });
});

test('served versions are indexed by group/version and kind', () => {
  expect(crds.has('networking.istio.io/v1', 'VirtualService')).toBe(true);
  expect(crds.has('networking.istio.io/v1beta1', 'VirtualService')).toBe(true);
  expect(crds.has('kafka.strimzi.io/v1', 'KafkaTopic')).toBe(true);
  expect(crds.apiVersionsOf('KafkaTopic')).toEqual(['kafka.strimzi.io/v1']);
});
