import { definitionProblems, describe as describeSchema, resolvedSpecProblems } from '../../../charts/lib/spec-schema';

/** A valid minimal definition; each test breaks one thing. */
function definition(base: Record<string, unknown> = {}, prod: Record<string, unknown> = {}) {
  return {
    name: 'tiny',
    description: 'test',
    base: { namespace: 'tiny', services: { gateway: { image: 'ghcr.io/a/gateway:1.0.0', ports: { http: { port: 8080 } }, talksTo: ['redis'] } }, ...base },
    environments: { dev: {}, prod },
  };
}

describe('spec validation against the schema generated from the types', () => {
  test('a valid definition and spec pass', () => {
    expect(definitionProblems(definition(), 'platforms/tiny')).toEqual([]);
    expect(resolvedSpecProblems(definition().base, 'platforms/tiny[dev]')).toEqual([]);
  });

  test('an unknown key names its path, the allowed keys and the closest one', () => {
    const def = definition({ services: { gateway: { image: 'i:1', ports: { http: { port: 8080, protocl: 'http' } }, talkTo: ['redis'] } } });
    const problems = definitionProblems(def, 'platforms/tiny');
    expect(problems).toEqual([
      expect.objectContaining({ path: 'platforms/tiny.base.services.gateway.talkTo', received: ['redis'], fix: 'did you mean "talksTo"? rename the key' }),
      expect.objectContaining({ path: 'platforms/tiny.base.services.gateway.ports.http.protocl', expected: 'a known key (one of port, protocol)', fix: 'did you mean "protocol"? rename the key' }),
    ]);
  });

  test('a key far from every allowed key gets no guess', () => {
    const [p] = definitionProblems(definition({ flavour: 'x' }), 'platforms/tiny');
    expect(p.path).toBe('platforms/tiny.base.flavour');
    expect(p.fix).toBe('remove the key or use one of the allowed keys');
  });

  test('a wrong type says what is expected and how to write it', () => {
    const def = definition({ services: { gateway: { image: 'i:1', ports: { http: { port: '8080' } }, talksTo: 'redis' } } });
    const problems = definitionProblems(def, 'platforms/tiny');
    expect(problems).toContainEqual({ path: 'platforms/tiny.base.services.gateway.talksTo', received: 'redis', expected: 'a list of strings', fix: 'write it as a list: ["redis"]' });
    expect(problems).toContainEqual(expect.objectContaining({ path: 'platforms/tiny.base.services.gateway.ports.http.port', expected: 'an integer from 1 to 65535', fix: 'write the number without quotes: 8080' }));
  });

  test('an enum value gets a did-you-mean', () => {
    const [p] = definitionProblems(definition({ mesh: { mtls: 'STRCT' } }), 'platforms/tiny');
    expect(p).toMatchObject({ path: 'platforms/tiny.base.mesh.mtls', expected: 'one of "STRICT", "PERMISSIVE"', fix: 'did you mean "STRICT"?' });
  });

  test('overrides are checked as written, with the override path; null removes and is allowed', () => {
    const def = definition({}, { services: { gateway: { replicaz: 3, talksTo: null } }, common: null });
    expect(definitionProblems(def, 'platforms/tiny')).toEqual([
      expect.objectContaining({ path: 'platforms/tiny.environments.prod.services.gateway.replicaz', fix: 'did you mean "replicas"? rename the key' }),
    ]);
  });

  test('an unknown key set to null in an override is still reported', () => {
    const [p] = definitionProblems(definition({}, { services: { gateway: { talkTo: null } } }), 'platforms/tiny');
    expect(p.path).toBe('platforms/tiny.environments.prod.services.gateway.talkTo');
  });

  test('a required key removed by an override shows in the resolved spec', () => {
    const [p] = resolvedSpecProblems({ namespace: 'tiny', redis: { passwordSecret: { name: 'r', key: 'password' } } }, 'platforms/tiny[prod]');
    expect(p).toMatchObject({ path: 'platforms/tiny[prod].redis.storage', received: undefined, expected: 'an object with keys size, storageClass' });
    expect(p.fix).toMatch(/^add storage/);
  });

  test('counts and sizes have upper bounds, with the reason in the fix', () => {
    const problems = resolvedSpecProblems({
      namespace: 'tiny',
      kafka: { storage: { size: '100Ti' }, brokers: 3, topics: { orders: { partitions: 100000 } } },
    }, 'platforms/tiny[prod]');
    expect(problems).toContainEqual(expect.objectContaining({ path: 'platforms/tiny[prod].kafka.storage.size', received: '100Ti', expected: 'a quantity of at most 64Ti' }));
    const partitions = problems.find((p) => p.path === 'platforms/tiny[prod].kafka.topics.orders.partitions');
    expect(partitions).toMatchObject({ expected: 'an integer from 1 to 10000' });
    expect(partitions?.fix).toMatch(/partitions can never be reduced/);
  });

  test('integers must be integers', () => {
    const [p] = resolvedSpecProblems({ namespace: 'tiny', services: { a: { image: 'i:1', ports: {}, replicas: 2.5 } } }, 'platforms/tiny[dev]');
    expect(p).toMatchObject({ path: 'platforms/tiny[dev].services.a.replicas', expected: 'an integer from 1 to 100' });
  });

  test('a literal secret in the place of a Secret reference is never echoed', () => {
    const def = definition({ redis: { storage: { size: '1Gi' }, passwordSecret: 'hunter2hunter2' } });
    const [p] = definitionProblems(def, 'platforms/tiny');
    expect(p).toMatchObject({ path: 'platforms/tiny.base.redis.passwordSecret', received: '<redacted literal>', expected: 'an object with keys name, key' });
  });

  test('keys that are no identifiers are bracketed in paths', () => {
    const [p] = resolvedSpecProblems({ namespace: 't', kafka: { storage: { size: '1Gi' }, topics: { 'orders.v1': { partitions: 'x' } } } }, 'platforms/t[dev]');
    expect(p.path).toBe('platforms/t[dev].kafka.topics["orders.v1"].partitions');
  });

  test('expectations in words', () => {
    expect(describeSchema({ type: 'array', items: { type: 'object' } })).toBe('a list of objects');
    expect(describeSchema({ type: ['string', 'number'] })).toBe('a string or a number');
    expect(describeSchema({ type: 'object', additionalProperties: { type: 'string' } })).toBe('a map from name to a string');
  });
});
