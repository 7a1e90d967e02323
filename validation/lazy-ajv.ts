import * as crypto from 'crypto';
import * as path from 'path';
import Ajv, { _, type KeywordCxt, type ValidateFunction } from 'ajv';
import { strConcat } from 'ajv/dist/compile/codegen';
import N from 'ajv/dist/compile/names';
import standaloneCode from 'ajv/dist/standalone';
import { CodeCache } from './code-cache';
import { validationSources } from './schema-cache';
import { collapseAlternatives } from './schema-errors';
import type { JsonSchema } from './strict-schema';

/**
 * Ajv with compile-on-first-use subschemas ("units").
 *
 * Ajv generates code for a whole schema up front: the Strimzi Kafka CRD alone takes ~1 s and a
 * Deployment (all of PodSpec, every volume source) ~250 ms, although an object only touches a small
 * part of either. Large subschemas and definition `$ref`s are therefore replaced by
 * `{"x-deferred": "<unit id>"}`; the keyword's generated code calls back here, and the unit is
 * compiled (or loaded from the code cache) the first time data reaches it. Compile time thus
 * follows what the manifests use, not the size of the upstream schemas.
 */

export const DEFERRED = 'x-deferred';

/** Module ids that cached validator code `require`s; resolved in memory by `requireForCode`. */
const RUNTIME_MODULE = '@platform-validation/deferred';
export const GO_REGEXP_MODULE = '@platform-validation/go-regexp';

export interface Unit {
  /**
   * Identifies the unit's schema content for the code cache, e.g. the hash of the schema file it
   * came from. Cheap on purpose: a run served from the cache never builds the unit's schema.
   */
  readonly identity: string;
  /** The schema to hand to ajv on a cache miss. */
  readonly schema: () => JsonSchema;
}

type RegExpEngine = ((pattern: string, flags: string) => { test(s: string): boolean }) & { code: string };

export interface LazyAjvOptions {
  /** Ajv `code.regExp` engine; its `code` must be `require(GO_REGEXP_MODULE).<export>`. */
  readonly regExp?: RegExpEngine;
  /** Validation cache directory; generated validator modules go to its `code/`. Undefined disables caching. */
  readonly cacheDir?: string;
}

type DeferredCall = (id: string, data: unknown, instancePath: string, parentData: unknown, parentDataProperty: unknown, rootData: unknown) => unknown[] | null;

const AJV_OPTIONS = {
  strict: false,
  allErrors: true,
  // the upstream schemas are trusted; checking them against the meta-schema costs more than compiling
  validateSchema: false,
  // format checks (int32, date-time, byte...) are advisory in Kubernetes too
  validateFormats: false,
  logger: false,
} as const;

export class LazyAjv {
  readonly ajv: Ajv;
  /** Milliseconds spent generating code, units generated, units loaded from the code cache. */
  compileMs = 0;
  compiles = 0;
  cacheHits = 0;
  private readonly validators = new Map<string, ValidateFunction>();
  private readonly cache: CodeCache;
  private readonly call: DeferredCall = (id, data, instancePath, parentData, parentDataProperty, rootData) => {
    const fn = this.validator(id);
    // passing the data context keeps instancePath absolute in the inner errors
    if (fn(data, { instancePath, parentData: parentData as never, parentDataProperty: parentDataProperty as never, rootData: rootData as never, dynamicAnchors: {} })) return null;
    // schemaPaths are relative to each unit: collapse anyOf noise here, then qualify the paths with
    // the unit id so that errors of different units can never be mistaken for one another's branches
    return collapseAlternatives(fn.errors ?? []).map((e) => (e.schemaPath.startsWith('#') ? { ...e, schemaPath: id + e.schemaPath.slice(1) } : e));
  };
  private readonly requireForCode = (id: string): unknown => {
    if (id === RUNTIME_MODULE) return { call: this.call };
    if (id === GO_REGEXP_MODULE) return { goRegExp: this.opts.regExp };
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(id); // ajv runtime helpers (deep equality, unicode length...)
  };

  constructor(private readonly resolveUnit: (id: string) => Unit | undefined, private readonly opts: LazyAjvOptions = {}) {
    this.ajv = new Ajv({
      ...AJV_OPTIONS,
      // optimize: false roughly halves code generation time; the generated code is barely slower
      code: { source: true, optimize: false, ...(opts.regExp ? { regExp: opts.regExp } : {}) },
    });
    this.ajv.addKeyword({ keyword: DEFERRED, schemaType: 'string', code: (cxt) => this.deferredCode(cxt) });
    this.cache = new CodeCache(opts.cacheDir && path.join(opts.cacheDir, 'code'), fingerprint());
  }

  /** The validator of a unit: from memory, else the code cache, else freshly generated (and cached). */
  validator(id: string): ValidateFunction {
    const known = this.validators.get(id);
    if (known) return known;
    const unit = this.resolveUnit(id);
    if (!unit) throw new Error(`no schema unit ${id}`);
    const key = this.cache.key(id, unit.identity);
    let fn = this.cache.load(key, this.requireForCode) as ValidateFunction | undefined;
    if (fn) {
      this.cacheHits++;
    } else {
      const start = performance.now();
      fn = this.ajv.compile(unit.schema());
      this.compileMs += performance.now() - start;
      this.compiles++;
      if (this.cache.enabled) {
        try {
          this.cache.store(key, standaloneCode(this.ajv, fn));
        } catch {
          // code that cannot be serialized is simply not cached
        }
      }
    }
    this.validators.set(id, fn);
    return fn;
  }

  /** Generated code for `{"x-deferred": id}`: call back into `validator(id)` and merge its errors. */
  private deferredCode(cxt: KeywordCxt): void {
    const { gen, data, schema, it } = cxt;
    const call = gen.scopeValue('func', { ref: this.call, code: _`require(${RUNTIME_MODULE}).call` });
    const errors = gen.const('deferredErrors',
      _`${call}(${schema as string}, ${data}, ${strConcat(N.instancePath, it.errorPath)}, ${it.parentData}, ${it.parentDataProperty}, ${N.rootData})`);
    cxt.pass(_`${errors} === null`, () => {
      gen.assign(N.vErrors, _`${N.vErrors} === null ? ${errors} : ${N.vErrors}.concat(${errors})`);
      gen.assign(N.errors, _`${N.vErrors}.length`);
    });
  }
}

let cachedFingerprint: string | undefined;

/**
 * What shapes generated code besides the source schema: ajv's version and options, and the code
 * that transforms schemas before compiling (this file and strict-schema).
 */
function fingerprint(): string {
  if (!cachedFingerprint) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const ajvVersion = (require('ajv/package.json') as { version: string }).version;
    const hash = crypto.createHash('sha1').update(`ajv@${ajvVersion}\0${JSON.stringify(AJV_OPTIONS)}\0`);
    for (const { text } of validationSources(['lazy-ajv', 'strict-schema'])) hash.update(text);
    cachedFingerprint = hash.digest('hex');
  }
  return cachedFingerprint;
}

const SCHEMA_MAPS = new Set(['properties', 'patternProperties', 'definitions', '$defs']);
const SCHEMA_VALUES = new Set(['items', 'additionalProperties', 'additionalItems', 'not']);
const SCHEMA_LISTS = new Set(['anyOf', 'allOf', 'oneOf']);
/** Annotations ajv ignores: dropping them shrinks what is hashed, traversed and embedded in code. */
const IGNORED = new Set(['description', 'example', 'x-kubernetes-validations']);

const isSchema = (v: unknown): v is JsonSchema => typeof v === 'object' && v !== null && !Array.isArray(v);
const pointerSegment = (s: string) => (/[~/]/.test(s) ? s.replace(/~/g, '~0').replace(/\//g, '~1') : s);

/**
 * Splits a self-contained schema (a CRD version) into units: every property/item subschema with
 * more than `minNodes` schema nodes becomes its own unit, id `<idPrefix>#<JSON pointer>`. Small
 * subschemas stay inline: each unit has a fixed cost, so deferring leaves would cost more than it saves.
 */
export function splitIntoUnits(schema: JsonSchema, minNodes: number, idPrefix: string): { root: JsonSchema; units: Map<string, JsonSchema> } {
  const units = new Map<string, JsonSchema>();
  const visit = (node: JsonSchema, pointer: string): { schema: JsonSchema; nodes: number } => {
    const out: JsonSchema = {};
    let nodes = 1;
    const child = (s: JsonSchema, at: string, deferrable: boolean): JsonSchema => {
      const r = visit(s, at);
      if (deferrable && r.nodes > minNodes) {
        const id = `${idPrefix}#${at}`;
        units.set(id, r.schema);
        nodes += 1;
        return { [DEFERRED]: id };
      }
      nodes += r.nodes;
      return r.schema;
    };
    for (const key in node) {
      const value = node[key];
      if (IGNORED.has(key)) continue;
      if (SCHEMA_MAPS.has(key) && isSchema(value)) {
        const map: JsonSchema = {};
        const at = `${pointer}/${key}`;
        for (const name in value) {
          const v = value[name];
          map[name] = isSchema(v) ? child(v, `${at}/${pointerSegment(name)}`, true) : v;
        }
        out[key] = map;
      } else if (SCHEMA_VALUES.has(key) && isSchema(value)) {
        out[key] = child(value, `${pointer}/${key}`, key !== 'not');
      } else if ((SCHEMA_LISTS.has(key) || key === 'items') && Array.isArray(value)) {
        out[key] = value.map((v, i) => (isSchema(v) ? child(v, `${pointer}/${key}/${i}`, false) : v));
      } else {
        out[key] = value;
      }
    }
    return { schema: out, nodes };
  };
  return { root: visit(schema, '').schema, units };
}

/**
 * Copy of one definition where every `$ref: '#/definitions/X'` becomes the unit `<docId>#/definitions/X`,
 * so each definition compiles once, on first use, and is shared by every kind that uses it.
 */
export function deferDefinitionRefs(definition: JsonSchema, docId: string): JsonSchema {
  const visit = (node: JsonSchema): JsonSchema => {
    if (typeof node.$ref === 'string' && node.$ref.startsWith('#/')) return { [DEFERRED]: `${docId}${node.$ref}` };
    const out: JsonSchema = {};
    for (const [key, value] of Object.entries(node)) {
      if (IGNORED.has(key)) continue;
      if (SCHEMA_MAPS.has(key) && isSchema(value)) {
        out[key] = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, isSchema(v) ? visit(v) : v]));
      } else if (SCHEMA_VALUES.has(key) && isSchema(value)) {
        out[key] = visit(value);
      } else if ((SCHEMA_LISTS.has(key) || key === 'items') && Array.isArray(value)) {
        out[key] = value.map((v) => (isSchema(v) ? visit(v) : v));
      } else {
        out[key] = value;
      }
    }
    return out;
  };
  return visit(definition);
}
