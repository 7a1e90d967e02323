import { type ErrorObject } from 'ajv';
import schemaJson from '../../platform.schema.json';
import { closest } from './did-you-mean';
import { joinPath, SpecProblem } from './errors';
import { secretReason } from './secret-shapes';
import { specValidators } from './spec-validators';

/**
 * Run-time validation of a spec against platform.schema.json, which is generated from the types
 * in charts/spec.ts: a plain-JS spec module, a spread-in object or an `as any` is held to the
 * same types as a TypeScript spec, before any chart code reads it.
 */

type Schema = Record<string, unknown> & {
  $ref?: string; type?: string | string[]; enum?: unknown[]; anyOf?: Schema[]; items?: Schema;
  properties?: Record<string, Schema>; additionalProperties?: boolean | Schema; required?: string[];
  description?: string; minimum?: number; maximum?: number; maxQuantity?: string; minLength?: number;
};

const DEFINITIONS = (schemaJson as unknown as { definitions: Record<string, Schema> }).definitions;
/** Longer lists of allowed keys are not spelled out in a one-line message. */
const MAX_LISTED_KEYS = 12;

/** Problems of a whole PlatformDefinition: its base and every environment override, as written. */
export function definitionProblems(def: unknown, base: string): SpecProblem[] {
  const validate = specValidators().definition;
  return validate(def) ? [] : toProblems(validate.errors ?? [], base);
}

/** Problems of one environment's spec after the override is applied. */
export function resolvedSpecProblems(spec: unknown, base: string): SpecProblem[] {
  const validate = specValidators().spec;
  return validate(spec) ? [] : toProblems(validate.errors ?? [], base);
}

function toProblems(errors: readonly ErrorObject[], base: string): SpecProblem[] {
  // `null` is allowed in overrides through anyOf [T, null]: the null branch's failure says nothing
  const kept = errors.filter((e) => !(e.keyword === 'type' && e.params.type === 'null'));
  const out = new Map<string, SpecProblem>();
  for (const e of kept) {
    if (e.keyword === 'anyOf' && kept.some((o) => o !== e && o.instancePath.startsWith(e.instancePath))) continue;
    const p = toProblem(e, base);
    out.set(`${p.path}\n${p.expected}`, p);
  }
  return [...out.values()];
}

function toProblem(e: ErrorObject, base: string): SpecProblem {
  const segments = e.instancePath.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  const parent = e.parentSchema as Schema;
  const at = (extra?: string) => joinPath(base, extra === undefined ? segments : [...segments, extra]);
  // a string where a Secret reference belongs is most likely the secret itself
  const received = (key: string | undefined, value: unknown) =>
    (typeof value === 'string' && (isSecretRef(parent) || (key !== undefined && secretReason(key, value))) ? '<redacted literal>' : value);
  const lastKey = segments[segments.length - 1];
  switch (e.keyword) {
    case 'additionalProperties': {
      const key = String(e.params.additionalProperty);
      const allowed = Object.keys(parent.properties ?? {});
      const suggestion = closest(key, allowed);
      const listed = allowed.length <= MAX_LISTED_KEYS ? `one of ${allowed.join(', ')}` : `one of the ${allowed.length} keys listed in platform.schema.json`;
      return {
        path: at(key),
        received: received(key, (e.data as Record<string, unknown>)[key]),
        expected: `a known key (${listed})`,
        fix: suggestion ? `did you mean "${suggestion}"? rename the key` : 'remove the key or use one of the allowed keys',
      };
    }
    case 'required': {
      const key = String(e.params.missingProperty);
      const prop = parent.properties?.[key] ?? {};
      return { path: at(key), received: undefined, expected: describe(prop), fix: `add ${key}${prop.description ? ` (${prop.description.replace(/\.$/, '')})` : ''}` };
    }
    case 'enum': {
      const options = (parent.enum ?? []).map(String);
      const suggestion = typeof e.data === 'string' ? closest(e.data, options) : undefined;
      return { path: at(), received: received(lastKey, e.data), expected: describe(parent), fix: suggestion ? `did you mean "${suggestion}"?` : 'pick one of the listed values' };
    }
    case 'minimum':
      return { path: at(), received: e.data, expected: describe(parent), fix: `set it to at least ${parent.minimum}` };
    case 'maximum':
    case 'maxQuantity':
      return { path: at(), received: e.data, expected: describe(parent), fix: `set it to at most ${parent.maximum ?? parent.maxQuantity}${parent.description ? ` (${parent.description.replace(/\.$/, '')})` : ''}` };
    case 'type':
    case 'anyOf':
      return { path: at(), received: received(lastKey, e.data), expected: describe(parent), fix: typeFix(parent, e.data) };
    default:
      return { path: at(), received: received(lastKey, e.data), expected: describe(parent), fix: `${e.message ?? 'fix the value'}; see the field's description in platform.schema.json` };
  }
}

function isSecretRef(schema: Schema): boolean {
  const keys = Object.keys(resolve(schema).properties ?? {}).sort();
  return keys.length === 2 && keys[0] === 'key' && keys[1] === 'name';
}

function typeFix(schema: Schema, value: unknown): string {
  const s = resolve(schema);
  const types = typesOf(s);
  if (types.includes('array') && !Array.isArray(value) && s.items && matchesType(resolve(s.items), value)) {
    return `write it as a list: ${JSON.stringify([value])}`;
  }
  if ((types.includes('number') || types.includes('integer')) && typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) {
    return `write the number without quotes: ${Number(value)}`;
  }
  if (types.includes('string') && (typeof value === 'number' || typeof value === 'boolean')) return `quote it: "${value}"`;
  return `set it to ${describe(schema)}`;
}

function matchesType(schema: Schema, value: unknown): boolean {
  const t = typeof value;
  return typesOf(schema).some((x) => x === t || ((x === 'integer') && Number.isInteger(value))) ||
    (schema.enum?.includes(value) ?? false);
}

function typesOf(schema: Schema): string[] {
  if (schema.enum) return [...new Set(schema.enum.map((v) => typeof v))];
  if (schema.anyOf) return schema.anyOf.flatMap((s) => typesOf(resolve(s)));
  return ([] as string[]).concat(schema.type ?? []);
}

function resolve(schema: Schema): Schema {
  return schema.$ref ? resolve(DEFINITIONS[schema.$ref.replace('#/definitions/', '')]) : schema;
}

/** What a schema expects, in words. */
export function describe(schema: Schema): string {
  const s = resolve(schema);
  if (s.enum) return `one of ${s.enum.map((v) => JSON.stringify(v)).join(', ')}`;
  if (s.anyOf) return s.anyOf.filter((x) => x.type !== 'null').map(describe).join(' or ');
  const types = typesOf(s);
  if (types.length > 1) return types.map((t) => describe({ type: t })).join(' or ');
  switch (types[0]) {
    case 'string':
      if (s.maxQuantity) return `a quantity of at most ${s.maxQuantity}`;
      return s.minLength ? `a string of at least ${s.minLength} characters` : 'a string';
    case 'integer':
    case 'number': {
      const kind = types[0] === 'integer' ? 'an integer' : 'a number';
      if (s.minimum !== undefined && s.maximum !== undefined) return `${kind} from ${s.minimum} to ${s.maximum}`;
      if (s.maximum !== undefined) return `${kind} of at most ${s.maximum}`;
      if (s.minimum !== undefined) return `${kind} of at least ${s.minimum}`;
      return kind;
    }
    case 'boolean':
      return 'true or false';
    case 'array':
      return `a list${s.items ? ` of ${plural(describe(s.items))}` : ''}`;
    case 'object':
      if (s.properties && Object.keys(s.properties).length > 0) {
        const keys = Object.keys(s.properties);
        return `an object with keys ${keys.length <= MAX_LISTED_KEYS ? keys.join(', ') : `${keys.slice(0, MAX_LISTED_KEYS).join(', ')}, ...`}`;
      }
      return typeof s.additionalProperties === 'object' ? `a map from name to ${describe(s.additionalProperties)}` : 'an object';
    default:
      return 'a value of the documented type';
  }
}

function plural(description: string): string {
  return description.replace(/^an? (\w+)/, (_, noun: string) => (noun === 'object' ? 'objects' : `${noun}s`));
}
