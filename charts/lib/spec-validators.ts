import type Ajv from 'ajv';
import type { KeywordCxt, ValidateFunction } from 'ajv';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { parseQuantity } from '../../diff/quantity';
import schemaJson from '../../platform.schema.json';
import { projectRoot } from '../../validation/schema-cache';

/**
 * The two validators of platform.schema.json (a whole PlatformDefinition, one resolved
 * PlatformSpec). Compiling the schema costs ~0.4 s, most of a synth's time, so `npm run build`
 * writes ajv's standalone code for it into lib/ and synth loads that (~20 ms); it compiles at run
 * time only when the module is missing or was built from another schema, ajv or this file.
 */
export interface SpecValidators {
  definition: ValidateFunction;
  spec: ValidateFunction;
}

/** The module id the generated code requires for the maxQuantity keyword. */
export const QUANTITY_MODULE = 'platform-spec/max-quantity';
const AJV_OPTIONS = { allErrors: true, verbose: true, strict: true, allowUnionTypes: true } as const;
const SCHEMA_IDS = { definition: 'platform#/definitions/PlatformDefinition', spec: 'platform#/definitions/PlatformSpec' } as const;

/** The quantity's syntax is checked by the component; this only bounds its size. */
export function quantityWithin(max: string, data: string): boolean {
  return (parseQuantity(data) ?? 0) <= (parseQuantity(max) ?? Infinity);
}

/** Where the build puts the generated module. */
export function standalonePath(root: string = projectRoot()): string {
  return path.join(root, 'lib', 'spec-validators.standalone.js');
}

let loaded: SpecValidators | undefined;

/**
 * The synth bundle's entry hands over the generated module bundled with it (scripts/bundle-synth.js
 * checks its fingerprint at build time): no file to read and check, and its compiled functions
 * are in the bundle's code cache.
 */
export function useGeneratedValidators(generated: SpecValidators): void {
  loaded = { definition: generated.definition, spec: generated.spec };
}

/** The validators: the build's generated module when it matches, else compiled now. */
export function specValidators(): SpecValidators {
  loaded ??= loadStandalone(standalonePath()) ?? compileSpecValidators().validators;
  return loaded;
}

/**
 * Compiles the schema; `ajv` is kept for standalone code generation. Ajv itself (62 modules) is
 * required here, not at the top: a synth that loads the build's module never needs it.
 */
export function compileSpecValidators(): { ajv: Ajv; validators: SpecValidators } {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { default: AjvClass, _ } = require('ajv') as typeof import('ajv');
  const ajv = new AjvClass({ ...AJV_OPTIONS, code: { source: true } });
  ajv.addKeyword({
    keyword: 'maxQuantity',
    type: 'string',
    schemaType: 'string',
    code: (cxt: KeywordCxt) => {
      const within = cxt.gen.scopeValue('func', { ref: quantityWithin, code: _`require(${QUANTITY_MODULE}).quantityWithin` });
      cxt.fail(_`!${within}(${cxt.schema as string}, ${cxt.data})`);
    },
  });
  ajv.addSchema(schemaJson, 'platform');
  return { ajv, validators: { definition: ajv.getSchema(SCHEMA_IDS.definition)!, spec: ajv.getSchema(SCHEMA_IDS.spec)! } };
}

/** The generated module's source; its first line names the fingerprint it was built for. */
export function standaloneSource(): string {
  const { ajv } = compileSpecValidators();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { default: standaloneCode } = require('ajv/dist/standalone') as typeof import('ajv/dist/standalone');
  return `// ${fingerprint()}\n${standaloneCode(ajv, SCHEMA_IDS)}`;
}

/** Loads the generated module; undefined when absent, damaged or built for another fingerprint. */
export function loadStandalone(file: string): SpecValidators | undefined {
  let source: string;
  try {
    source = fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  if (!source.startsWith(`// ${fingerprint()}\n`)) return undefined;
  const module = { exports: {} as Partial<SpecValidators> };
  const requireForCode = (id: string): unknown =>
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    (id === QUANTITY_MODULE ? { quantityWithin } : require(id)); // else ajv's runtime helpers
  try {
    // code this project generated at build time, exactly like the rest of lib/
    // eslint-disable-next-line @typescript-eslint/no-implied-eval
    new Function('require', 'module', 'exports', source)(requireForCode, module, module.exports);
  } catch {
    return undefined;
  }
  const { definition, spec } = module.exports;
  return typeof definition === 'function' && typeof spec === 'function' ? { definition, spec } : undefined;
}

let cachedFingerprint: string | undefined;

/** Everything that shapes the generated code: ajv's version and options, the schema, this module's source. */
export function fingerprint(): string {
  if (!cachedFingerprint) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const ajvVersion = (require('ajv/package.json') as { version: string }).version;
    cachedFingerprint = crypto.createHash('sha256')
      .update(`ajv@${ajvVersion}\0${JSON.stringify(AJV_OPTIONS)}\0${JSON.stringify(schemaJson)}\0`)
      .update(generatorSource())
      .digest('hex');
  }
  return cachedFingerprint;
}

/**
 * This module's TypeScript source: the same bytes whether it runs compiled from lib/ or under
 * ts-jest, so the tests load the build's module too (hashing the running file, JavaScript in one
 * case and TypeScript in the other, made every test file compile the schema again: ~5 s of CPU
 * in 20). Outside a checkout the running file stands in.
 */
function generatorSource(): Buffer {
  try {
    return fs.readFileSync(path.join(projectRoot(), 'charts', 'lib', 'spec-validators.ts'));
  } catch {
    return fs.readFileSync(__filename);
  }
}
