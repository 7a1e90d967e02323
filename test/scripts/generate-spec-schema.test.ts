import * as fs from 'fs';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { generate, OUT } = require('../../scripts/generate-spec-schema.js');

describe('platform.schema.json', () => {
  const generated: string = generate();
  const schema = JSON.parse(generated);

  test('the committed schema is what the types in charts/spec.ts generate', () => {
    expect(fs.readFileSync(OUT, 'utf8')).toBe(generated);
  });

  test('JSDoc descriptions, defaults and bounds reach the schema', () => {
    const replicas = schema.definitions.RedisSpec.properties.replicas;
    expect(replicas).toMatchObject({ type: 'integer', default: 3, minimum: 1, maximum: 9 });
    expect(replicas.description).toMatch(/^Data pods: one master/);
    expect(schema.definitions.VolumeSpec.properties.size.maxQuantity).toBe('64Ti');
  });

  test('a @default that is no value of the type moves into the description', () => {
    const quorum = schema.definitions.RedisSpec.properties.quorum;
    expect(quorum.default).toBeUndefined();
    expect(quorum.description).toMatch(/Default: majority of sentinels\.$/);
  });

  test('overrides: every key optional, null allowed, nested objects are overrides too', () => {
    const env = schema.definitions.PlatformDefinition.properties.environments.additionalProperties;
    expect(env).toEqual({ $ref: '#/definitions/PlatformSpecOverride' });
    const redis = schema.definitions.RedisSpecOverride;
    expect(redis.required).toBeUndefined();
    expect(redis.additionalProperties).toBe(false);
    expect(redis.properties.storage.anyOf).toEqual([{ $ref: '#/definitions/VolumeSpecOverride' }, { type: 'null' }]);
    expect(Object.keys(schema.definitions).filter((d) => d.startsWith('Override<'))).toEqual([]);
  });
});
