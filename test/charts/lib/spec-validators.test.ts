import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { ErrorObject } from 'ajv';
import { compileSpecValidators, loadStandalone, standalonePath, standaloneSource, type SpecValidators } from '../../../charts/lib/spec-validators';
import { PLATFORMS } from '../../../platforms';

/**
 * The build's standalone module must judge every spec exactly as the schema compiled at run time:
 * same verdict, same errors (paths, keywords, params, the schemas the messages are built from).
 */

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spec-validators-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const file = path.join(dir, 'standalone.js');
fs.writeFileSync(file, standaloneSource());
const compiled = compileSpecValidators().validators;

function verdict(validators: SpecValidators, which: keyof SpecValidators, data: unknown): { valid: boolean; errors: ErrorObject[] } {
  const fn = validators[which];
  const valid = fn(data) as boolean;
  return { valid, errors: JSON.parse(JSON.stringify(fn.errors ?? [])) };
}

const tiny = (base: Record<string, unknown>) => ({
  name: 'tiny',
  description: 'test',
  base: { namespace: 'tiny', services: { gateway: { image: 'ghcr.io/a/gateway:1.0.0', ports: { http: { port: 8080 } }, talksTo: ['redis'] } }, ...base },
  environments: { dev: {}, prod: { kafka: { storage: { size: '100Ti' } } } },
});

const cases: Array<[string, unknown]> = [
  ...PLATFORMS.map((p): [string, unknown] => [`shipped ${p.name}`, p]),
  ['an unknown key', tiny({ flavour: 'x' })],
  ['a wrong type', tiny({ services: { gateway: { image: 'i:1', ports: { http: { port: '8080' } }, talksTo: 'redis' } } })],
  ['a quantity over its bound (maxQuantity)', tiny({})],
  ['a value outside an enum', tiny({ services: { gateway: { image: 'i:1', ports: { http: { port: 8080, protocol: 'htp' } } } } })],
];

describe('the standalone spec validators', () => {
  const standalone = loadStandalone(file)!;

  test('load from the generated module', () => {
    expect(standalone).toBeDefined();
  });

  test("the build's module (npm test builds first) is the one these sources load too: its fingerprint does not depend on running compiled or as TypeScript", () => {
    expect(loadStandalone(standalonePath())).toBeDefined();
  });

  test.each(cases)('give the same verdict and errors as the compiled schema: %s', (_, definition) => {
    const expected = verdict(compiled, 'definition', definition);
    expect(verdict(standalone, 'definition', definition)).toEqual(expected);
    const base = (definition as { base: unknown }).base;
    expect(verdict(standalone, 'spec', base)).toEqual(verdict(compiled, 'spec', base));
  });

  test('the bad cases are really rejected, with the bound from the schema', () => {
    const quantity = verdict(standalone, 'definition', tiny({}));
    expect(quantity.valid).toBe(false);
    expect(quantity.errors).toContainEqual(expect.objectContaining({ keyword: 'maxQuantity', instancePath: '/environments/prod/kafka/storage/size', schema: '64Ti' }));
    for (const [name, definition] of cases) {
      if (!name.startsWith('shipped')) expect(verdict(standalone, 'definition', definition).valid).toBe(false);
    }
  });

  test('a module generated for another schema, ajv or generator is not used', () => {
    const other = path.join(dir, 'other.js');
    fs.writeFileSync(other, fs.readFileSync(file, 'utf8').replace(/^\/\/ [0-9a-f]+/, `// ${'0'.repeat(64)}`));
    expect(loadStandalone(other)).toBeUndefined();
  });

  test('a damaged or missing module is not used', () => {
    const damaged = path.join(dir, 'damaged.js');
    const source = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(damaged, source.slice(0, source.length / 2));
    expect(loadStandalone(damaged)).toBeUndefined();
    expect(loadStandalone(path.join(dir, 'absent.js'))).toBeUndefined();
  });
});
