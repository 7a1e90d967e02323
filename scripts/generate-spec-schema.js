#!/usr/bin/env node
// Generates platform.schema.json, the JSON Schema of a PlatformDefinition, from the TypeScript
// types in charts/spec.ts (the one source of truth): synth validates every spec against it at run
// time, and editors complete and check JS/JSON specs with it. `npm run build` runs this first;
// it skips the generator when neither the types nor this script changed since the last run.
//
//   node scripts/generate-spec-schema.js [--check]   (--check: exit 1 when the file is stale)
'use strict';
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const SPEC = path.join(root, 'charts', 'spec.ts');
const OUT = path.join(root, 'platform.schema.json');
/** Custom JSDoc tags carried into the schema; validated by charts/lib/spec-schema.ts. */
const EXTRA_TAGS = ['maxQuantity'];
const OVERRIDE_SUFFIX = 'Override';

function sourceHash() {
  const h = crypto.createHash('sha256');
  for (const f of [SPEC, __filename]) h.update(fs.readFileSync(f));
  return h.digest('hex');
}

/** The schema as a JSON string; deterministic for the same types. */
function generate() {
  const { createGenerator } = require('ts-json-schema-generator');
  const raw = createGenerator({
    path: SPEC,
    tsconfig: path.join(root, 'tsconfig.json'),
    type: 'PlatformDefinition',
    skipTypeCheck: true, // tsc checks the types; this only reads them
    encodeRefs: false,
    sortProps: true,
    additionalProperties: false,
    extraTags: EXTRA_TAGS,
  }).createSchema('PlatformDefinition');
  return `${JSON.stringify(shape(raw), null, 2)}\n`;
}

/**
 * The generator expands Override<T> into hundreds of hashed definitions; they are replaced by one
 * `<Name>Override` per object definition: every key optional, `null` allowed (it removes the key
 * the base sets), arrays and scalars as in the base type (an override replaces them whole).
 */
function shape(raw) {
  const definitions = {};
  for (const [name, def] of Object.entries(raw.definitions)) {
    if (!name.startsWith('Override<')) definitions[name] = moveTextDefaults(def);
  }
  const objects = Object.keys(definitions).filter((n) => n !== 'PlatformDefinition' && definitions[n].type === 'object');
  for (const name of objects) definitions[name + OVERRIDE_SUFFIX] = overrideOf(definitions[name], new Set(objects));
  definitions.PlatformDefinition.properties.environments.additionalProperties = { $ref: `#/definitions/PlatformSpec${OVERRIDE_SUFFIX}` };
  return {
    $schema: raw.$schema,
    $id: 'platform.schema.json',
    $comment: `Generated from charts/spec.ts by scripts/generate-spec-schema.js; do not edit. source sha256 ${sourceHash()}`,
    $ref: '#/definitions/PlatformDefinition',
    definitions: Object.fromEntries(Object.entries(definitions).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
  };
}

function overrideOf(schema, objectDefs) {
  if (schema.$ref) {
    const name = schema.$ref.replace('#/definitions/', '');
    return objectDefs.has(name) ? { ...schema, $ref: `#/definitions/${name}${OVERRIDE_SUFFIX}` } : schema;
  }
  if (schema.type !== 'object') return schema; // arrays and scalars replace whole
  const out = { ...schema };
  delete out.required;
  if (schema.properties) {
    out.properties = Object.fromEntries(Object.entries(schema.properties).map(([k, v]) => [k, nullable(overrideOf(v, objectDefs))]));
  }
  if (typeof schema.additionalProperties === 'object') out.additionalProperties = nullable(overrideOf(schema.additionalProperties, objectDefs));
  return out;
}

/** `null` also allowed; description and default stay on the outside too, where editors look. */
function nullable(schema) {
  const { description, default: dflt } = schema;
  return { ...(description ? { description } : {}), ...(dflt !== undefined ? { default: dflt } : {}), anyOf: [schema, { type: 'null' }] };
}

/**
 * `@default` text that is no value of the property's type ("none", "component-specific") would
 * be inserted by editors as a value: it goes to the description instead.
 */
function moveTextDefaults(schema) {
  if (Array.isArray(schema)) return schema.map(moveTextDefaults);
  if (schema === null || typeof schema !== 'object') return schema;
  const out = Object.fromEntries(Object.entries(schema).map(([k, v]) => [k, k === 'default' || k === 'examples' ? v : moveTextDefaults(v)]));
  if (out.default !== undefined && !defaultFits(out, out.default)) {
    out.description = `${out.description ? `${out.description} ` : ''}Default: ${typeof out.default === 'string' ? out.default : JSON.stringify(out.default)}.`;
    delete out.default;
  }
  return out;
}

function defaultFits(schema, value) {
  if (schema.enum) return schema.enum.includes(value);
  if (schema.$ref || schema.anyOf) return false;
  const types = [].concat(schema.type ?? []);
  const actual = Array.isArray(value) ? 'array' : value === null ? 'null' : Number.isInteger(value) ? 'integer' : typeof value;
  return types.includes(actual) || (actual === 'integer' && types.includes('number'));
}

function current() {
  if (!fs.existsSync(OUT)) return false;
  try {
    return JSON.parse(fs.readFileSync(OUT, 'utf8')).$comment.endsWith(sourceHash());
  } catch {
    return false;
  }
}

module.exports = { generate, OUT };

if (require.main === module) {
  if (process.argv.includes('--check')) {
    const stale = !fs.existsSync(OUT) || fs.readFileSync(OUT, 'utf8') !== generate();
    if (stale) console.error('platform.schema.json is stale: run `npm run build` and commit it');
    process.exitCode = stale ? 1 : 0;
  } else if (!current()) {
    fs.writeFileSync(OUT, generate());
  }
}
