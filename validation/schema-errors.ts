import type { ErrorObject } from 'ajv';

/** Turns ajv errors into short, path-addressed findings a platform engineer can act on. */

export interface SchemaIssue {
  /** Dotted path into the object, e.g. `spec.template.spec.containers[0].image`; '' is the object itself. */
  readonly path: string;
  readonly message: string;
}

/**
 * Drops the per-branch noise of a failed `anyOf`/`oneOf` (each branch reports its own error) and says
 * what the alternatives were when they are plain types: "must be integer or string".
 * Runs per compiled unit (see lazy-ajv.ts), where `schemaPath`s are comparable, and again at the top.
 */
export function collapseAlternatives(errors: readonly ErrorObject[]): ErrorObject[] {
  const alternatives = errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf');
  if (alternatives.length === 0) return [...errors];
  const dropped = new Set<ErrorObject>();
  const rewritten = new Map<ErrorObject, ErrorObject>();
  for (const alt of alternatives) {
    const branchPrefix = `${alt.schemaPath}/`;
    const branchErrors = errors.filter((e) => e !== alt && e.schemaPath.startsWith(branchPrefix) &&
      (e.instancePath === alt.instancePath || e.instancePath.startsWith(`${alt.instancePath}/`)));
    branchErrors.forEach((e) => dropped.add(e));
    const types = branchErrors.filter((e) => e.keyword === 'type' && e.instancePath === alt.instancePath).map((e) => String(e.params.type));
    if (types.length > 0 && types.length === branchErrors.length) {
      rewritten.set(alt, { ...alt, message: `must be ${[...new Set(types)].join(' or ')}` });
    }
  }
  return errors.filter((e) => !dropped.has(e)).map((e) => rewritten.get(e) ?? e);
}

export function toIssues(errors: readonly ErrorObject[] | null | undefined, basePath = ''): SchemaIssue[] {
  const seen = new Set<string>();
  const issues: SchemaIssue[] = [];
  for (const e of collapseAlternatives(errors ?? [])) {
    const issue = describe(e, basePath);
    const key = `${issue.path}\u0000${issue.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      issues.push(issue);
    }
  }
  return issues;
}

function describe(e: ErrorObject, basePath: string): SchemaIssue {
  const at = (key?: string) => {
    const p = concatPath(basePath, pointerToPath(e.instancePath));
    return key === undefined ? p : childPath(p, key);
  };
  switch (e.keyword) {
    case 'additionalProperties':
      return { path: at(String(e.params.additionalProperty)), message: 'unknown field (not in the schema: typo or wrong nesting?)' };
    case 'required':
      return { path: at(String(e.params.missingProperty)), message: 'required field is missing' };
    case 'enum': {
      const allowed = (e.params.allowedValues as unknown[]).map((v) => JSON.stringify(v));
      const shown = allowed.length > 12 ? [...allowed.slice(0, 12), '...'] : allowed;
      return { path: at(), message: `must be one of ${shown.join(', ')}` };
    }
    default:
      return { path: at(), message: e.message ?? `fails ${e.keyword}` };
  }
}

/** `/spec/containers/0/env` -> `spec.containers[0].env` (keys that are not identifiers are quoted). */
export function pointerToPath(pointer: string): string {
  if (!pointer) return '';
  return pointer.slice(1).split('/').reduce((p, s) => childPath(p, s.replace(/~1/g, '/').replace(/~0/g, '~')), '');
}

/** Appends one raw key or array index to a formatted path. */
export function childPath(path: string, key: string | number): string {
  if (typeof key === 'number' || /^\d+$/.test(key)) return `${path}[${key}]`;
  if (/^[A-Za-z_$][\w$-]*$/.test(key)) return path ? `${path}.${key}` : key;
  return `${path}[${JSON.stringify(key)}]`;
}

/** Joins two formatted paths. */
export function concatPath(a: string, b: string): string {
  if (!a || !b) return a || b;
  return b.startsWith('[') ? a + b : `${a}.${b}`;
}
