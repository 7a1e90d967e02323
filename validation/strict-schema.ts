/**
 * Pure schema transforms that make upstream schemas catch what the API server would catch.
 *
 * Upstream OpenAPI/CRD schemas leave `additionalProperties` open, so a typo such as `spec.replica`
 * passes JSON-schema validation while the API server prunes or rejects it. Closing every object
 * that lists its properties turns typos into errors. Nothing here mutates its input.
 */

export type JsonSchema = { [keyword: string]: unknown };

const PRESERVE_UNKNOWN = 'x-kubernetes-preserve-unknown-fields';
const INT_OR_STRING = 'x-kubernetes-int-or-string';
const EMBEDDED_RESOURCE = 'x-kubernetes-embedded-resource';

/** Keywords whose value is a map of name -> schema on the structural "spine" of a schema. */
const SCHEMA_MAPS = new Set(['properties', 'patternProperties', 'definitions', '$defs']);
/** Keywords whose value is one schema (or for `items`, possibly a tuple of schemas) on the spine. */
const SCHEMA_VALUES = new Set(['items', 'additionalProperties', 'additionalItems']);
/**
 * Combinators hold value constraints, not structure: a branch such as `anyOf: [{properties: {a: ...}}]`
 * restates part of an object, so closing it would reject the object's other fields. Branches are
 * copied untouched except for int-or-string normalisation.
 */
const COMBINATORS = new Set(['anyOf', 'allOf', 'oneOf', 'not']);

const isSchema = (v: unknown): v is JsonSchema => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Closes objects: `additionalProperties: false` on every object schema that lists `properties` and
 * says nothing about `additionalProperties`, except at and below `x-kubernetes-preserve-unknown-fields`
 * (those subtrees are free-form by contract). Also rewrites `x-kubernetes-int-or-string` into an
 * `anyOf` JSON-schema validators understand.
 */
export function strictify(schema: JsonSchema): JsonSchema {
  return transform(schema, { strict: true });
}

interface Mode {
  /** False below a preserve-unknown-fields node or inside a combinator branch. */
  readonly strict: boolean;
}

function transform(node: JsonSchema, mode: Mode): JsonSchema {
  const strictHere = mode.strict && node[PRESERVE_UNKNOWN] !== true;
  const out: JsonSchema = {};
  for (const key in node) {
    const value = node[key];
    if (SCHEMA_MAPS.has(key) && isSchema(value)) {
      out[key] = mapValues(value, (s) => transform(s, { strict: strictHere }));
    } else if (SCHEMA_VALUES.has(key) && isSchema(value)) {
      out[key] = transform(value, { strict: strictHere });
    } else if (key === 'items' && Array.isArray(value)) {
      out[key] = value.map((s) => (isSchema(s) ? transform(s, { strict: strictHere }) : s));
    } else if (COMBINATORS.has(key)) {
      out[key] = Array.isArray(value)
        ? value.map((s) => (isSchema(s) ? transform(s, { strict: false }) : s))
        : isSchema(value) ? transform(value, { strict: false }) : value;
    } else {
      // enum, default, example, x-kubernetes-validations...: data, not schemas; shared, never mutated
      out[key] = value;
    }
  }
  if (out[INT_OR_STRING] === true) normaliseIntOrString(out);
  if (out.nullable === true && out.type === undefined) delete out.nullable; // untyped already admits null
  if (strictHere && isSchema(out.properties) && out.additionalProperties === undefined) {
    if (out[EMBEDDED_RESOURCE] === true) out.properties = withObjectHeader(out.properties);
    out.additionalProperties = false;
  }
  return out;
}

/** `x-kubernetes-int-or-string` means "integer or string" whatever `type` says. */
function normaliseIntOrString(out: JsonSchema): void {
  const choice: JsonSchema[] = [{ type: 'integer' }, { type: 'string' }];
  if (out.nullable === true) choice.push({ type: 'null' });
  delete out.type;
  delete out.nullable;
  if (out.anyOf === undefined) out.anyOf = choice;
  else out.allOf = [...(Array.isArray(out.allOf) ? out.allOf : []), { anyOf: choice }];
}

/** An embedded or top-level Kubernetes object always admits apiVersion, kind and metadata. */
function withObjectHeader(properties: JsonSchema): JsonSchema {
  return {
    apiVersion: { type: 'string' },
    kind: { type: 'string' },
    metadata: { type: 'object' },
    ...properties,
  };
}

/** Definitions the API server treats more loosely than their upstream schema says. */
const K8S_OVERRIDES: Record<string, JsonSchema> = {
  'io.k8s.apimachinery.pkg.util.intstr.IntOrString': { anyOf: [{ type: 'integer' }, { type: 'string' }] },
  'io.k8s.apimachinery.pkg.api.resource.Quantity': { anyOf: [{ type: 'string' }, { type: 'number' }] },
};

/**
 * One Kubernetes definition made strict. `IntOrString` and `Quantity` are pinned to what the API
 * server accepts (integer|string, string|number) rather than relying on upstream `oneOf`.
 */
export function strictK8sDefinition(key: string, definition: JsonSchema): JsonSchema {
  return K8S_OVERRIDES[key] ?? strictify(definition);
}

/** The whole Kubernetes definitions document made strict. */
export function strictK8sDefinitions(doc: { definitions: Record<string, JsonSchema> }): { definitions: Record<string, JsonSchema> } {
  const definitions: Record<string, JsonSchema> = {};
  for (const [key, def] of Object.entries(doc.definitions)) definitions[key] = strictK8sDefinition(key, def);
  return { definitions };
}

/**
 * A CRD version's `openAPIV3Schema` made strict. CRD schemas often omit the object header (the API
 * server adds it), so the root always admits apiVersion, kind and metadata. `metadata` is usually
 * `{type: object}` there; it stays open (ObjectMeta is checked separately).
 */
export function strictCrdSchema(openAPIV3Schema: JsonSchema): JsonSchema {
  const root = strictify(openAPIV3Schema);
  if (isSchema(root.properties)) root.properties = withObjectHeader(root.properties);
  return root;
}

function mapValues(map: JsonSchema, fn: (s: JsonSchema) => JsonSchema): Record<string, JsonSchema> {
  const out: Record<string, JsonSchema> = {};
  for (const k in map) {
    const v = map[k];
    out[k] = isSchema(v) ? fn(v) : (v as JsonSchema);
  }
  return out;
}
