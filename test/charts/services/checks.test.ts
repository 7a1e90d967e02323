import { ProblemCollector, SpecError, SpecProblem } from '../../../charts/lib/errors';
import { resolveSpec } from '../../../charts/platform';
import { servicesComponent } from '../../../charts/services';
import { AppServiceSpec, PlatformSpec } from '../../../charts/spec';
import { PLATFORMS } from '../../../platforms';
import { synthSpec } from '../../helpers';
import { SHOP, shopWith } from './fixtures';

function problems(spec: PlatformSpec): SpecProblem[] {
  const c = new ProblemCollector('spec');
  servicesComponent.check(c, spec);
  return c.problems;
}

const paths = (spec: PlatformSpec) => problems(spec).map((p) => p.path);
const web = SHOP.services!.web;
const withWeb = (patch: Partial<AppServiceSpec>) => shopWith({ web: { ...web, ...patch } as AppServiceSpec });

describe('services checks', () => {
  test('the fixture and every shipped platform pass', () => {
    expect(problems(SHOP)).toEqual([]);
    for (const def of PLATFORMS) {
      for (const env of Object.keys(def.environments)) expect(problems(resolveSpec(def, env))).toEqual([]);
    }
  });

  test('a bad spec fails synth with a SpecError naming path, value and fix', () => {
    expect(() => synthSpec(withWeb({ replicas: 0 }))).toThrow(SpecError);
    expect(() => synthSpec(withWeb({ replicas: 0 })))
      .toThrow(/platforms\/test\[test\]\.services\.web\.replicas: received 0; expected an integer >= 1\. Fix: /);
  });

  test('service names: DNS-1123 labels that fit the file stem, start with a letter, and are not taken', () => {
    expect(paths(shopWith({ Web_1: web }))).toEqual(['spec.services.Web_1']);
    expect(paths(shopWith({ ['a'.repeat(60)]: web }))).toEqual([`spec.services.${'a'.repeat(60)}`]);
    expect(paths(shopWith({ '1web': web }))).toEqual(['spec.services.1web']);
    expect(problems(shopWith({ postgres: web }))[0].expected).toMatch(/other than postgres, redis, nats, kafka/);
    expect(problems(shopWith({ edge: web }))[0].expected).toMatch(/other than default, default-deny-ingress, edge/);
    expect(paths(shopWith({ default: web }))).toEqual(['spec.services.default']);
  });

  test('images must be a reference (tags are the validator\'s image-tag policy)', () => {
    expect(paths(withWeb({ image: '' }))).toEqual(['spec.services.web.image']);
    expect(paths(withWeb({ image: 'ghcr.io/shop/web 1.0' }))).toEqual(['spec.services.web.image']);
    expect(paths(withWeb({ image: 'localhost:5000/web:1.0' }))).toEqual([]);
  });

  test('ports: at least one, 1-65535, unique numbers, IANA names, known protocols', () => {
    // the edge route to web's first port is reported as well
    expect(paths(withWeb({ ports: {} }))).toEqual(['spec.services.web.ports', 'spec.edge.routes[0].port']);
    expect(paths(withWeb({ ports: { http: { port: 0 } } }))).toEqual(['spec.services.web.ports.http.port']);
    expect(paths(withWeb({ ports: { http: { port: 70000 } } }))).toEqual(['spec.services.web.ports.http.port']);
    const dup = problems(withWeb({ ports: { http: { port: 3000 }, admin: { port: 3000 } } }));
    expect(dup.map((p) => p.path)).toEqual(['spec.services.web.ports.admin.port']);
    expect(dup[0].expected).toBe('a port number not already used by port "http"');
    expect(paths(withWeb({ ports: { 'very-long-port-name': { port: 3000 } } }))).toEqual(['spec.services.web.ports.very-long-port-name']);
    expect(paths(withWeb({ ports: { http: { port: 3000, protocol: 'udp' as never } } }))).toEqual(['spec.services.web.ports.http.protocol']);
  });

  test('metricsPort must name an http or ws port', () => {
    expect(paths(withWeb({ metricsPort: 'nope' }))).toEqual(['spec.services.web.metricsPort']);
    expect(paths(shopWith({ api: { ...SHOP.services!.api, metricsPort: 'rpc' } }))).toEqual(['spec.services.api.metricsPort']);
  });

  test('replicas >= 1 and maxReplicas >= replicas', () => {
    expect(paths(withWeb({ replicas: 0 }))).toEqual(['spec.services.web.replicas']);
    const p = problems(withWeb({ replicas: 3, maxReplicas: 2 }));
    expect(p.map((x) => x.path)).toEqual(['spec.services.web.maxReplicas']);
    expect(p[0].fix).toMatch(/at least replicas \(3\)/);
    expect(paths(withWeb({ maxReplicas: 1 }))).toEqual(['spec.services.web.maxReplicas']);
    expect(paths(withWeb({ targetCpuPercent: 0 }))).toEqual(['spec.services.web.targetCpuPercent']);
  });

  test('env, Secret references, ConfigMaps, cloud role, paths, resources', () => {
    expect(paths(withWeb({ env: { '1BAD': 'x' } }))).toEqual(['spec.services.web.env.1BAD']);
    expect(paths(withWeb({ env: { A: 'x' }, secretEnv: { A: { name: 's', key: 'k' } } }))).toEqual(['spec.services.web.env.A']);
    expect(paths(withWeb({ secretEnv: { P: { name: 'Bad_Name', key: 'a b' } } }))).toEqual(['spec.services.web.secretEnv.P.name', 'spec.services.web.secretEnv.P.key']);
    expect(paths(withWeb({ configMaps: ['ok', 'ok'] }))).toEqual(['spec.services.web.configMaps']);
    expect(paths(withWeb({ cloudRole: 'my-role' }))).toEqual(['spec.services.web.cloudRole']);
    expect(paths(withWeb({ healthPath: 'health' }))).toEqual(['spec.services.web.healthPath']);
    expect(paths(withWeb({ metricsPath: '/metrics?x=1' }))).toEqual(['spec.services.web.metricsPath']);
    expect(paths(withWeb({ resources: { memoryRequest: '1 GB' } }))).toEqual(['spec.services.web.resources.memoryRequest']);
    expect(paths(withWeb({ runAsUser: 0 }))).toEqual(['spec.services.web.runAsUser']);
  });

  test('talksTo targets must exist: a data component the platform has, or another service', () => {
    const p = problems(withWeb({ talksTo: ['api', 'redis', 'payments', 'web'] }));
    expect(p.map((x) => x.path)).toEqual(['spec.services.web.talksTo[1]', 'spec.services.web.talksTo[2]', 'spec.services.web.talksTo[3]']);
    expect(p[0].fix).toBe('add redis to the platform spec or remove it from talksTo');
    expect(p[1].expected).toMatch(/^one of "postgres", "api", "rates"/);
    expect(p[2].fix).toBe('remove the service itself from its talksTo');
  });

  test('produces/consumes need kafka in talksTo and declared topics', () => {
    const kafka = { storage: { size: '1Gi' }, topics: { orders: { partitions: 3 } } };
    expect(paths({ ...withWeb({ talksTo: ['kafka'], produces: ['orders'] }), kafka })).toEqual([]);
    expect(paths({ ...withWeb({ talksTo: ['kafka'], consumes: ['nope'] }), kafka })).toEqual(['spec.services.web.consumes[0]']);
    expect(paths({ ...withWeb({ produces: ['orders'] }), kafka })).toEqual(['spec.services.web.produces']);
  });

  test('a service that talks to Kafka declares its topics (only those get a KafkaUser)', () => {
    const kafka = { storage: { size: '1Gi' }, topics: { orders: { partitions: 3 } } };
    const p = problems({ ...withWeb({ talksTo: ['kafka'] }), kafka });
    expect(p.map((x) => x.path)).toEqual(['spec.services.web.talksTo']);
    expect(p[0].fix).toMatch(/list the topics it writes in produces/);
  });

  test('envNames rename generated variables only, to free, valid names', () => {
    const kafka = { storage: { size: '1Gi' }, topics: { orders: { partitions: 3 } } };
    const client = (patch: Partial<AppServiceSpec>) => ({ ...withWeb({ talksTo: ['kafka'], produces: ['orders'], ...patch }), kafka });
    expect(paths(client({ envNames: { KAFKA_BOOTSTRAP_SERVERS: 'KAFKA_BROKERS' } }))).toEqual([]);
    const unknown = problems(client({ envNames: { KAFKA_GROUP_ID: 'GROUP' } }));
    expect(unknown.map((x) => x.path)).toEqual(['spec.services.web.envNames.KAFKA_GROUP_ID']);
    expect(unknown[0].expected).toMatch(/a variable this service gets: .*KAFKA_BOOTSTRAP_SERVERS/);
    expect(paths(client({ envNames: { KAFKA_CA_FILE: '1CA' } }))).toEqual(['spec.services.web.envNames.KAFKA_CA_FILE']);
    expect(paths(client({ envNames: { KAFKA_CA_FILE: 'KAFKA_CLIENT_ID' } }))).toEqual(['spec.services.web.envNames.KAFKA_CLIENT_ID']);
    const clash = problems(client({ env: { KAFKA_BROKERS: 'x:1' }, envNames: { KAFKA_BOOTSTRAP_SERVERS: 'KAFKA_BROKERS' } }));
    expect(clash.map((x) => x.path)).toEqual(['spec.services.web.envNames.KAFKA_BOOTSTRAP_SERVERS']);
    expect(clash[0].expected).toMatch(/env or secretEnv has it too/);
    expect(paths(client({ env: { KAFKA_CLIENT_ID: 'web' } }))).toEqual(['spec.services.web.envNames.KAFKA_CLIENT_ID']);
    expect(paths(withWeb({ envNames: { NATS_URL: 'NATS' } }))).toEqual(['spec.services.web.envNames.NATS_URL']);
  });

  test('retry or timeout settings on a TCP-only service are an error', () => {
    const legacy = SHOP.services!.legacy;
    const p = problems(shopWith({ legacy: { ...legacy, traffic: { retries: 2, timeout: '5s', maxConnections: 10, idempotent: true } } }));
    expect(p.map((x) => x.path)).toEqual(['spec.services.legacy.traffic.retries', 'spec.services.legacy.traffic.timeout', 'spec.services.legacy.traffic.idempotent']);
    expect(p[0].expected).toMatch(/only tcp ports/);
  });

  test('traffic values: durations at least 1ms, retries 0-10, known retry conditions, per-try within the timeout', () => {
    expect(paths(withWeb({ traffic: { timeout: '10' } }))).toEqual(['spec.services.web.traffic.timeout']);
    expect(paths(withWeb({ traffic: { perTryTimeout: '0s' } }))).toEqual(['spec.services.web.traffic.perTryTimeout']);
    expect(paths(withWeb({ traffic: { retries: 11 } }))).toEqual(['spec.services.web.traffic.retries']);
    expect(paths(withWeb({ traffic: { maxEjectionPercent: 101 } }))).toEqual(['spec.services.web.traffic.maxEjectionPercent']);
    expect(paths(withWeb({ traffic: { retryOn: '5xx,503,connect-failure' } }))).toEqual([]);
    const bad = problems(withWeb({ traffic: { retryOn: '5xx,sometimes' } }));
    expect(bad[0].fix).toBe('remove or correct "sometimes"');
    expect(paths(withWeb({ traffic: { perTryTimeout: '20s' } }))).toEqual(['spec.services.web.traffic.perTryTimeout']);
    expect(paths(withWeb({ traffic: { perTryTimeout: '20s', retries: 0 } }))).toEqual([]);
  });

  test('mesh settings', () => {
    expect(paths({ ...SHOP, mesh: { mtls: 'OFF' as never } })).toEqual(['spec.mesh.mtls']);
    expect(paths({ ...SHOP, mesh: { traffic: { baseEjectionTime: '30' } } })).toEqual(['spec.mesh.traffic.baseEjectionTime']);
    expect(paths({ ...SHOP, mesh: { trustDomain: 'Not A Domain' } })).toEqual(['spec.mesh.trustDomain']);
  });
});

describe('edge checks', () => {
  const edge = SHOP.edge!;
  const withEdge = (patch: Partial<typeof edge>) => ({ ...SHOP, edge: { ...edge, ...patch } });

  test('routes must target an existing service and port', () => {
    const p = problems(withEdge({ routes: [{ prefix: '/', service: 'nope' }, { prefix: '/api/', service: 'api', port: 'admin' }] }));
    expect(p.map((x) => x.path)).toEqual(['spec.edge.routes[0].service', 'spec.edge.routes[1].port']);
    expect(p[1].expected).toBe('a port name of service "api" ("api", "rpc")');
  });

  test('routes must not target a TCP port; websocket only on HTTP ports', () => {
    expect(paths(withEdge({ routes: [{ prefix: '/', service: 'legacy' }] }))).toEqual(['spec.edge.routes[0].port']);
    expect(paths(withEdge({ routes: [{ prefix: '/', service: 'rates', websocket: true }] }))).toEqual(['spec.edge.routes[0].websocket']);
  });

  test('idempotent on a route is a boolean', () => {
    expect(paths(withEdge({ routes: [{ prefix: '/', service: 'web', idempotent: 'yes' as never }] }))).toEqual(['spec.edge.routes[0].idempotent']);
    expect(paths(withEdge({ routes: [{ prefix: '/', service: 'web', idempotent: true }] }))).toEqual([]);
  });

  test('prefixes start with "/" and are unique; at least one route', () => {
    expect(paths(withEdge({ routes: [{ prefix: 'api', service: 'api' }] }))).toEqual(['spec.edge.routes[0].prefix']);
    expect(paths(withEdge({ routes: [{ prefix: '/', service: 'web' }, { prefix: '/', service: 'api' }] }))).toEqual(['spec.edge.routes[1].prefix']);
    expect(paths(withEdge({ routes: [] }))).toEqual(['spec.edge.routes']);
  });

  test('hosts, TLS Secret and gateway identity', () => {
    expect(paths(withEdge({ hosts: [] }))).toEqual(['spec.edge.hosts']);
    expect(paths(withEdge({ hosts: ['Shop.Example.com', 'localhost'] }))).toEqual(['spec.edge.hosts[0]', 'spec.edge.hosts[1]']);
    expect(paths(withEdge({ hosts: ['*.example.com'] }))).toEqual([]);
    expect(paths(withEdge({ tlsSecret: 'Bad Secret' }))).toEqual(['spec.edge.tlsSecret']);
    expect(paths(withEdge({ gatewaySelector: {} }))).toEqual(['spec.edge.gatewaySelector']);
    expect(paths(withEdge({ gatewayNamespace: 'Istio' }))).toEqual(['spec.edge.gatewayNamespace']);
  });
});

describe('serviceAccountName checks', () => {
  test('a DNS-1123 subdomain', () => {
    expect(paths(withWeb({ serviceAccountName: 'Web SA' }))).toEqual(['spec.services.web.serviceAccountName']);
  });

  test('one account per service, whether named or defaulted', () => {
    const named = problems(shopWith({ web: { ...web, serviceAccountName: 'shared' }, worker: { ...SHOP.services!.worker, serviceAccountName: 'shared' } }));
    expect(named.map((p) => p.path)).toEqual(['spec.services.worker.serviceAccountName']);
    expect(named[0].expected).toMatch(/"web" already runs as "shared"/);
    // web's account takes the name the api service runs as by default
    expect(paths(withWeb({ serviceAccountName: 'api' }))).toEqual(['spec.services.api']);
  });
});
