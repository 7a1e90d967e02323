import { checkDnsLabel, checkDuration, checkInt, checkLimitsAgainstRequests, checkNoLiteralSecrets, checkOneOf, checkQuantity, checkUrl } from '../../../charts/lib/checks';
import { ProblemCollector } from '../../../charts/lib/errors';

function problems(run: (c: ProblemCollector) => void) {
  const c = new ProblemCollector('spec');
  run(c);
  return c.problems;
}

describe('checks', () => {
  test('DNS-1123 labels', () => {
    expect(problems((c) => checkDnsLabel(c, 'name', 'orders-db'))).toEqual([]);
    const [p] = problems((c) => checkDnsLabel(c, 'name', 'Orders_DB'));
    expect(p).toMatchObject({ path: 'spec.name', received: 'Orders_DB' });
    expect(p.fix).toBe('rename it, e.g. "orders-db"');
    expect(problems((c) => checkDnsLabel(c, 'name', 'a'.repeat(64)))).toHaveLength(1);
  });

  test('integers with bounds', () => {
    expect(problems((c) => checkInt(c, 'replicas', 3, 1))).toEqual([]);
    expect(problems((c) => checkInt(c, 'replicas', undefined, 1))).toEqual([]);
    expect(problems((c) => checkInt(c, 'replicas', 0, 1))[0].expected).toBe('an integer >= 1');
    expect(problems((c) => checkInt(c, 'port', 70000, 1, 65535))[0].expected).toBe('an integer from 1 to 65535');
    expect(problems((c) => checkInt(c, 'replicas', 1.5, 1))).toHaveLength(1);
  });

  test('quantities and durations', () => {
    expect(problems((c) => checkQuantity(c, 'size', '20Gi'))).toEqual([]);
    expect(problems((c) => checkQuantity(c, 'size', '20 GB'))).toHaveLength(1);
    expect(problems((c) => checkDuration(c, 'maxAge', '168h'))).toEqual([]);
    expect(problems((c) => checkDuration(c, 'maxAge', '1h30m'))).toEqual([]);
    expect(problems((c) => checkDuration(c, 'maxAge', '500\u00b5s'))).toEqual([]);
    expect(problems((c) => checkDuration(c, 'maxAge', '7 days'))[0].fix).toMatch(/7 days = "168h"/);
  });

  test('enumerations', () => {
    expect(problems((c) => checkOneOf(c, 'mode', 'session', ['session', 'transaction']))).toEqual([]);
    expect(problems((c) => checkOneOf(c, 'mode', 'txn', ['session', 'transaction']))[0].expected).toBe('one of "session", "transaction"');
  });

  test('password-like keys with string values are rejected, references and secret names are not', () => {
    const spec = {
      postgres: { superuserSecret: { name: 's', key: 'password' }, tlsSecret: 'edge-tls' },
      services: { api: { env: { DB_PASSWORD: 'hunter2', JWT_SECRET: 'x', LOG_LEVEL: 'info' } } },
    };
    const found = problems((c) => checkNoLiteralSecrets(c, '', spec));
    expect(found.map((p) => p.path)).toEqual(['spec.services.api.env.DB_PASSWORD', 'spec.services.api.env.JWT_SECRET']);
    expect(found[0].received).toBe('<redacted literal>');
  });

  test('a service\'s envNames rename variables and hold no secret; the same keys elsewhere still count', () => {
    const spec = {
      services: { api: { envNames: { KAFKA_SASL_PASSWORD: 'KAFKA_PASS' }, env: { envNames: 'x', DB_PASSWORD: 'hunter2' } } },
      redis: { envNames: { PASSWORD: 'hunter2' } },
    };
    expect(problems((c) => checkNoLiteralSecrets(c, '', spec)).map((p) => p.path))
      .toEqual(['spec.services.api.env.DB_PASSWORD', 'spec.redis.envNames.PASSWORD']);
  });

  test('secrets are recognised by value shape too, and the fix names allowedLiterals', () => {
    const spec = { services: { api: { env: { UPSTREAM: 'https://bot:pa55word@api.example.com/', REGION: 'eu-west-1' } } } };
    const [p, ...more] = problems((c) => checkNoLiteralSecrets(c, '', spec));
    expect(more).toEqual([]);
    expect(p).toMatchObject({ path: 'spec.services.api.env.UPSTREAM', received: '<redacted literal>' });
    expect(p.expected).toMatch(/URL with a user and password/);
    expect(p.fix).toMatch(/allowedLiterals: \[\{ path: "services\.api\.env\.UPSTREAM"/);
  });

  test('an allowed literal passes; an allowance that matches nothing is reported', () => {
    const spec = { services: { api: { env: { SIGNING_KEY: 'public-key-id-1' } } } };
    const allowed = [
      { path: 'services.api.env.SIGNING_KEY', reason: 'the id of a public key, published in our JWKS' },
      { path: 'services.api.env.GONE', reason: 'left over from an earlier release' },
    ];
    expect(problems((c) => checkNoLiteralSecrets(c, '', spec, allowed))).toEqual([
      expect.objectContaining({ path: 'spec.allowedLiterals[1].path', received: 'services.api.env.GONE' }),
    ]);
  });

  test('limits against requests, by Kubernetes quantity rules, wherever resources appear', () => {
    const spec = {
      redis: { resources: { memoryRequest: '1Gi', memoryLimit: '1000Mi' }, sentinelResources: { cpuRequest: '100m', cpuLimit: '0.1' } },
      services: { api: { resources: { memoryRequest: '1G', memoryLimit: '1Gi', cpuRequest: '1', cpuLimit: '500m' } } },
    };
    const found = problems((c) => checkLimitsAgainstRequests(c, '', spec));
    expect(found.map((p) => p.path)).toEqual(['spec.redis.resources.memoryLimit', 'spec.services.api.resources.cpuLimit']);
    expect(found[0].expected).toMatch(/at least memoryRequest \(1Gi\)/);
  });

  test('repository URLs', () => {
    expect(problems((c) => checkUrl(c, 'repo', 'https://github.com/a/b.git'))).toEqual([]);
    expect(problems((c) => checkUrl(c, 'repo', 'github.com/a/b'))).toHaveLength(1);
  });
});
