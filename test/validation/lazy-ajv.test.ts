import * as fs from 'fs';
import * as path from 'path';
import { deferDefinitionRefs, DEFERRED, LazyAjv, splitIntoUnits } from '../../validation/lazy-ajv';
import { toIssues } from '../../validation/schema-errors';
import { strictCrdSchema, type JsonSchema } from '../../validation/strict-schema';
import { tempDir } from '../temp-dirs';

const big = (n: number): JsonSchema => ({
  type: 'object',
  properties: Object.fromEntries(Array.from({ length: n }, (_, i) => [`f${i}`, { type: 'string' }])),
});

const schema = strictCrdSchema({
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      required: ['name'],
      properties: {
        name: { type: 'string', description: 'not compiled' },
        port: { type: 'integer', 'x-kubernetes-int-or-string': true },
        servers: { type: 'array', items: { ...big(12), properties: { ...big(12).properties as object, port: { type: 'integer' } } } },
        options: big(3),
      },
    },
  },
});

function lazyFor(root: JsonSchema, cacheDir?: string) {
  const { root: top, units } = splitIntoUnits(root, 10, 'test/v1/Thing');
  const all = new Map([['test/v1/Thing', top], ...units]);
  return new LazyAjv((id) => (all.has(id) ? { identity: 'fixed', schema: () => all.get(id)! } : undefined), { cacheDir });
}

describe('splitIntoUnits', () => {
  test('large subschemas become units addressed by JSON pointer; small ones stay inline', () => {
    const { root, units } = splitIntoUnits(schema, 10, 'test/v1/Thing');
    expect([...units.keys()].sort()).toEqual([
      'test/v1/Thing#/properties/spec',
      'test/v1/Thing#/properties/spec/properties/servers/items',
    ]);
    expect((root as any).properties.spec).toEqual({ [DEFERRED]: 'test/v1/Thing#/properties/spec' });
    const spec = units.get('test/v1/Thing#/properties/spec') as any;
    expect(spec.properties.options.properties.f0).toEqual({ type: 'string' });
    expect(spec.properties.name).toEqual({ type: 'string' }); // descriptions are dropped
  });

  test('deferDefinitionRefs turns $refs into units of the shared document', () => {
    expect(deferDefinitionRefs({ type: 'object', properties: { meta: { $ref: '#/definitions/Meta', description: 'x' } } }, 'k8s'))
      .toEqual({ type: 'object', properties: { meta: { [DEFERRED]: 'k8s#/definitions/Meta' } } });
  });
});

describe('LazyAjv', () => {
  const bad = { spec: { port: true, servers: [{ f0: 'a', port: 'x', extra: 1 }], options: { f9: 'x' } } };
  const expected = [
    { path: 'spec.name', message: 'required field is missing' },
    { path: 'spec.port', message: 'must be integer or string' },
    { path: 'spec.servers[0].port', message: 'must be integer' },
    { path: 'spec.servers[0].extra', message: expect.stringMatching(/unknown field/) },
    { path: 'spec.options.f9', message: expect.stringMatching(/unknown field/) },
  ];

  test('errors from deferred units carry absolute paths; anyOf noise is collapsed inside units', () => {
    const lazy = lazyFor(schema);
    const fn = lazy.validator('test/v1/Thing');
    expect(fn({ spec: { name: 'a', port: 'http', servers: [{ port: 1 }] } })).toBe(true);
    expect(fn(bad)).toBe(false);
    expect(toIssues(fn.errors)).toEqual(expect.arrayContaining(expected));
    expect(toIssues(fn.errors)).toHaveLength(expected.length);
  });

  test('units compile only when data reaches them', () => {
    const lazy = lazyFor(schema);
    lazy.validator('test/v1/Thing')({ kind: 'Thing' });
    expect(lazy.compiles).toBe(1);
    lazy.validator('test/v1/Thing')({ spec: { name: 'a' } });
    expect(lazy.compiles).toBe(2);
  });

  test('generated code round-trips through the code cache with identical results', () => {
    const dir = tempDir('lazy-ajv-');
    const first = lazyFor(schema, dir);
    const a = first.validator('test/v1/Thing');
    a(bad);
    expect(first.compiles).toBe(3);
    const second = lazyFor(schema, dir);
    const b = second.validator('test/v1/Thing');
    b(bad);
    expect(second.compiles).toBe(0);
    expect(second.cacheHits).toBe(3);
    expect(toIssues(b.errors)).toEqual(toIssues(a.errors));
    const [entries] = fs.readdirSync(path.join(dir, 'code')).map((d) => path.join(dir, 'code', d));
    fs.writeFileSync(path.join(entries, fs.readdirSync(entries)[0]), 'this is not javascript(');
    const third = lazyFor(schema, dir);
    third.validator('test/v1/Thing')(bad);
    expect(third.compiles).toBe(1); // a damaged entry is regenerated
  });
});
