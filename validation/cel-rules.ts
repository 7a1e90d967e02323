import type * as Cel from '@bufbuild/cel';
import { childPath, concatPath, type SchemaIssue } from './schema-errors';
import type { JsonSchema } from './strict-schema';

/**
 * Evaluates CRD `x-kubernetes-validations` rules (CEL) the way the API server would on create:
 * at every node of the object whose schema declares rules, with `self` bound to that node.
 *
 * Deliberate limits, each counted as "skipped" rather than reported, so a gap in the CEL library
 * can never fail a synth: transition rules (they need `oldSelf`, which a create does not have),
 * rules that do not parse, and rules calling functions or overloads the evaluator lacks.
 */

export interface CelStats {
  /** Rule evaluations that ran to a result (passed or failed). */
  evaluated: number;
  /** Rule evaluations that could not run; see `skippedRules` for why. */
  skipped: number;
  /** Evaluations that failed, i.e. produced a finding. */
  failed: number;
  /** Distinct skipped rule -> reason. */
  readonly skippedRules: Map<string, string>;
}

export function emptyCelStats(): CelStats {
  return { evaluated: 0, skipped: 0, failed: 0, skippedRules: new Map() };
}

interface Rule {
  readonly rule: string;
  readonly message?: string;
  readonly fieldPath?: string;
}

type Program = (bindings: { self: unknown }) => unknown;
type Compiled = { program: Program } | { skip: string };

/** Errors that mean "this evaluator cannot run the rule", as opposed to "the object is wrong". */
const UNSUPPORTED = /unbound function|no matching overload|unsupported|not supported|not implemented|unknown (function|type)/i;

let celModule: typeof Cel | undefined;
let celEnvironment: Cel.CelEnv | undefined;

/** `@bufbuild/cel` takes ~170 ms to load; only pay that when some object actually reaches a rule. */
function cel(): { lib: typeof Cel; env: Cel.CelEnv } {
  if (!celModule || !celEnvironment) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    celModule = require('@bufbuild/cel') as typeof Cel;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const ext = require('@bufbuild/cel/ext') as { strings: Cel.CelFunc[] };
    celEnvironment = celModule.celEnv({ funcs: [...ext.strings, ...kubernetesUrlFunctions(celModule)] });
  }
  return { lib: celModule, env: celEnvironment };
}

/**
 * The URL helpers of the Kubernetes CEL library that the pinned CRDs use (Istio plugin and JWKS
 * URLs). A URL is carried as its string; parsing follows Go's url.ParseRequestURI closely enough
 * for scheme checks: an absolute URI or an absolute path.
 */
function kubernetesUrlFunctions(lib: typeof Cel): Cel.CelFunc[] {
  const S = lib.CelScalar.STRING;
  const parse = (s: string): { scheme: string; host: string } | undefined => {
    if (s.startsWith('/')) return { scheme: '', host: '' };
    const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(s)?.[1];
    if (!scheme || /\s/.test(s)) return undefined;
    try {
      return { scheme: scheme.toLowerCase(), host: new URL(s).host };
    } catch {
      return undefined;
    }
  };
  const must = (s: string) => {
    const u = parse(s);
    if (!u) throw new Error(`URL parse error during conversion from string: ${s}`);
    return u;
  };
  return [
    lib.celFunc('isURL', [S], lib.CelScalar.BOOL, (s) => parse(s) !== undefined),
    lib.celFunc('url', [S], S, (s) => (must(s), s)),
    lib.celMethod('getScheme', S, [], S, function getScheme(this: string) { return must(this).scheme; }),
    lib.celMethod('getHost', S, [], S, function getHost(this: string) { return must(this).host; }),
  ];
}

export class CelRuleEvaluator {
  private readonly compiled = new Map<string, Compiled>();

  /** Findings for every rule that evaluates to false (or errors on the data) anywhere in `value`. */
  evaluate(schema: JsonSchema, value: unknown, stats: CelStats, basePath = ''): SchemaIssue[] {
    const issues: SchemaIssue[] = [];
    this.walk(schema, toCelValue(value, schema), basePath, stats, issues);
    return issues;
  }

  private walk(schema: JsonSchema, value: unknown, path: string, stats: CelStats, issues: SchemaIssue[]): void {
    if (value === undefined) return;
    const rules = schema['x-kubernetes-validations'];
    if (Array.isArray(rules)) for (const rule of rules as Rule[]) this.check(rule, value, path, stats, issues);
    if (Array.isArray(value)) {
      const items = schema.items;
      if (isSchema(items)) value.forEach((v, i) => this.walk(items, v, childPath(path, i), stats, issues));
    } else if (isPlainObject(value)) {
      for (const [key, child] of Object.entries(value)) {
        const sub = propertySchema(schema, key);
        if (sub) this.walk(sub, child, childPath(path, key), stats, issues);
      }
    }
  }

  private check(rule: Rule, self: unknown, path: string, stats: CelStats, issues: SchemaIssue[]): void {
    const compiled = this.compile(rule.rule);
    if ('skip' in compiled) return skip(stats, rule.rule, compiled.skip);
    const { lib } = cel();
    let result: unknown;
    try {
      result = compiled.program({ self });
    } catch (err) {
      return skip(stats, rule.rule, `evaluator threw: ${(err as Error).message}`);
    }
    const where = rule.fieldPath ? concatPath(path, rule.fieldPath.replace(/^\./, '')) : path;
    const text = oneLine(rule.rule);
    if (lib.isCelError(result)) {
      if (UNSUPPORTED.test(result.message)) return skip(stats, rule.rule, result.message);
      stats.evaluated++;
      stats.failed++;
      issues.push({ path: where, message: `rule could not be evaluated on this value (${result.message}): ${text}` });
      return;
    }
    if (typeof result !== 'boolean') return skip(stats, rule.rule, `rule returned ${typeof result}, not bool`);
    stats.evaluated++;
    if (!result) {
      stats.failed++;
      issues.push({ path: where, message: `${rule.message ?? `failed rule: ${text}`} (rule: ${text})` });
    }
  }

  private compile(rule: string): Compiled {
    let c = this.compiled.get(rule);
    if (!c) {
      c = compileRule(rule);
      this.compiled.set(rule, c);
    }
    return c;
  }
}

function compileRule(rule: string): Compiled {
  // transition rules compare with the stored object; a synthesized manifest has none
  if (/\boldSelf\b/.test(rule)) return { skip: 'transition rule (uses oldSelf)' };
  const { lib, env } = cel();
  try {
    return { program: lib.plan(env, lib.parse(rule)) as unknown as Program };
  } catch (err) {
    return { skip: `does not parse: ${(err as Error).message.split('\n')[0]}` };
  }
}

function skip(stats: CelStats, rule: string, reason: string): void {
  stats.skipped++;
  if (!stats.skippedRules.has(rule)) stats.skippedRules.set(rule, reason);
}

/**
 * The value CEL sees: integers typed `integer` (or untyped, as the API server decodes JSON) become
 * CEL ints rather than doubles, so `self.port + 1` type-checks; and schema defaults are filled in,
 * because the API server defaults an object before it validates it.
 */
export function toCelValue(value: unknown, schema: JsonSchema | undefined): unknown {
  if (typeof value === 'number') {
    return Number.isInteger(value) && schema?.type !== 'number' ? BigInt(value) : value;
  }
  if (Array.isArray(value)) {
    const items = isSchema(schema?.items) ? schema.items : undefined;
    return value.map((v) => toCelValue(v, items));
  }
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) out[key] = toCelValue(child, schema && propertySchema(schema, key));
  const properties = isSchema(schema?.properties) ? schema.properties : {};
  for (const [key, sub] of Object.entries(properties)) {
    if (!(key in out) && isSchema(sub) && sub.default !== undefined) out[key] = toCelValue(structuredClone(sub.default), sub);
  }
  return out;
}

function propertySchema(schema: JsonSchema, key: string): JsonSchema | undefined {
  const props = schema.properties;
  if (isSchema(props) && isSchema(props[key])) return props[key] as JsonSchema;
  return isSchema(schema.additionalProperties) ? schema.additionalProperties : undefined;
}

const isSchema = (v: unknown): v is JsonSchema => typeof v === 'object' && v !== null && !Array.isArray(v);
const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();
