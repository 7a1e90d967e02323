import Ajv from 'ajv';
import { strictCrdSchema, strictify, strictK8sDefinition, strictK8sDefinitions, type JsonSchema } from '../../validation/strict-schema';

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object') {
    Object.values(o).forEach(deepFreeze);
    Object.freeze(o);
  }
  return o;
}

const compile = (schema: JsonSchema) => new Ajv({ strict: false, allErrors: true }).compile(schema);

describe('strictify', () => {
  test('closes every object that lists properties, at every depth of the structure', () => {
    const out = strictify({
      type: 'object',
      properties: {
        spec: { type: 'object', properties: { replicas: { type: 'integer' } } },
        list: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' } } } },
        byName: { type: 'object', additionalProperties: { type: 'object', properties: { port: { type: 'integer' } } } },
      },
    }) as any;
    expect(out.additionalProperties).toBe(false);
    expect(out.properties.spec.additionalProperties).toBe(false);
    expect(out.properties.list.items.additionalProperties).toBe(false);
    expect(out.properties.byName.additionalProperties.additionalProperties).toBe(false);
  });

  test('a typo fails against the strict schema and the correct spelling passes', () => {
    const validate = compile(strictify({ type: 'object', properties: { spec: { type: 'object', properties: { replicas: { type: 'integer' } } } } }));
    expect(validate({ spec: { replicas: 2 } })).toBe(true);
    expect(validate({ spec: { replica: 2 } })).toBe(false);
    expect(validate.errors?.[0]).toMatchObject({ instancePath: '/spec', params: { additionalProperty: 'replica' } });
  });

  test('keeps an explicit additionalProperties (maps stay maps)', () => {
    const out = strictify({ type: 'object', properties: { a: { type: 'string' } }, additionalProperties: true }) as any;
    expect(out.additionalProperties).toBe(true);
    const labels = strictify({ type: 'object', additionalProperties: { type: 'string' } }) as any;
    expect(labels.additionalProperties).toEqual({ type: 'string' });
  });

  test('leaves objects without properties open (e.g. CRD metadata: {type: object})', () => {
    expect(strictify({ type: 'object' })).toEqual({ type: 'object' });
  });

  test('never closes anything at or under x-kubernetes-preserve-unknown-fields', () => {
    const out = strictify({
      type: 'object',
      properties: {
        config: {
          type: 'object',
          'x-kubernetes-preserve-unknown-fields': true,
          properties: { known: { type: 'object', properties: { deep: { type: 'string' } } } },
        },
      },
    }) as any;
    expect(out.additionalProperties).toBe(false);
    expect(out.properties.config.additionalProperties).toBeUndefined();
    expect(out.properties.config.properties.known.additionalProperties).toBeUndefined();
  });

  test('does not close combinator branches, which restate part of an object', () => {
    const out = strictify({
      type: 'object',
      properties: { a: { type: 'string' }, b: { type: 'string' } },
      anyOf: [{ properties: { a: { type: 'string' } }, required: ['a'] }, { required: ['b'] }],
    }) as any;
    expect(out.anyOf[0].additionalProperties).toBeUndefined();
    expect(compile(out)({ a: 'x', b: 'y' })).toBe(true);
  });

  test('x-kubernetes-int-or-string becomes integer-or-string and drops a conflicting type', () => {
    const out = strictify({ type: 'string', 'x-kubernetes-int-or-string': true }) as any;
    expect(out.type).toBeUndefined();
    expect(out.anyOf).toEqual([{ type: 'integer' }, { type: 'string' }]);
    const validate = compile(out);
    expect(validate(8080)).toBe(true);
    expect(validate('http')).toBe(true);
    expect(validate(1.5)).toBe(false);
    expect(validate(true)).toBe(false);
  });

  test('int-or-string keeps an existing anyOf (ANDed) and honours nullable', () => {
    const out = strictify({ anyOf: [{ type: 'integer' }, { type: 'string' }], pattern: '^\\d+%?$', 'x-kubernetes-int-or-string': true }) as any;
    expect(out.allOf).toEqual([{ anyOf: [{ type: 'integer' }, { type: 'string' }] }]);
    const nullable = strictify({ type: 'string', nullable: true, 'x-kubernetes-int-or-string': true }) as any;
    expect(nullable.nullable).toBeUndefined();
    expect(compile(nullable)(null)).toBe(true);
  });

  test('an embedded resource admits apiVersion, kind and metadata', () => {
    const out = strictify({ type: 'object', 'x-kubernetes-embedded-resource': true, properties: { spec: { type: 'object' } } }) as any;
    expect(Object.keys(out.properties).sort()).toEqual(['apiVersion', 'kind', 'metadata', 'spec']);
  });

  test('is pure: the input is never mutated', () => {
    const input = deepFreeze({ type: 'object', properties: { a: { type: 'object', properties: { b: { type: 'string', 'x-kubernetes-int-or-string': true } } } } });
    const before = JSON.stringify(input);
    expect(() => strictify(input)).not.toThrow();
    expect(JSON.stringify(input)).toBe(before);
  });
});

describe('Kubernetes definitions', () => {
  test('IntOrString accepts integer or string, Quantity string or number', () => {
    const intOrString = compile(strictK8sDefinition('io.k8s.apimachinery.pkg.util.intstr.IntOrString', { oneOf: [{ type: 'string' }, { type: 'integer' }] }));
    expect([8080, 'http'].map((v) => intOrString(v))).toEqual([true, true]);
    expect(intOrString(true)).toBe(false);
    const quantity = compile(strictK8sDefinition('io.k8s.apimachinery.pkg.api.resource.Quantity', { oneOf: [{ type: 'string' }, { type: 'number' }] }));
    expect(['500m', 1, 0.5].map((v) => quantity(v))).toEqual([true, true, true]);
    expect(quantity(false)).toBe(false);
  });

  test('ObjectMeta (which lists its properties) becomes strict, its maps stay open', () => {
    const { definitions } = strictK8sDefinitions({
      definitions: {
        'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta': {
          type: 'object',
          properties: { name: { type: 'string' }, labels: { type: 'object', additionalProperties: { type: 'string' } } },
        },
      },
    });
    const validate = compile(definitions['io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta']);
    expect(validate({ name: 'a', labels: { any: 'thing' } })).toBe(true);
    expect(validate({ name: 'a', label: { any: 'thing' } })).toBe(false);
  });
});

describe('strictCrdSchema', () => {
  test('the root admits apiVersion, kind and metadata even when the CRD omits them; metadata stays open', () => {
    const validate = compile(strictCrdSchema({ type: 'object', properties: { spec: { type: 'object', properties: { size: { type: 'integer' } } } } }));
    expect(validate({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w', anything: 1 }, spec: { size: 1 } })).toBe(true);
    expect(validate({ apiVersion: 'example.com/v1', kind: 'Widget', spec: { size: 1 }, status: {} })).toBe(false);
  });

  test('keeps the CRD\'s own metadata schema when it has one', () => {
    const out = strictCrdSchema({ type: 'object', properties: { metadata: { type: 'object', properties: { name: { type: 'string', maxLength: 5 } } } } }) as any;
    expect(out.properties.metadata.properties.name.maxLength).toBe(5);
  });
});
