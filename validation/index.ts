import { emptyCelStats, type CelStats } from './cel-rules';
import type { CrdSchemaValidator } from './crd-schema';
import { objectId, type K8sObject } from './k8s-objects';
import type { K8sSchemaValidator } from './k8s-schema';
import { PassedObjects } from './passed-objects';
import { checkPolicies } from './policy';
import type { SchemaIssue } from './schema-errors';

/**
 * Offline validation of synthesized manifests: schema (built-in kinds and pinned CRDs, made strict
 * so typos fail), CRD CEL rules, and cross-object policy. Nothing here touches the network.
 */

export interface Violation {
  /** `Kind/namespace/name` (`Kind/name` without a namespace). */
  object: string;
  /** `schema`, `cel`, `unknown-kind`, or a policy id from POLICY_CHECKS. */
  check: string;
  /** Dotted path in the object, '' for the object as a whole. */
  path: string;
  message: string;
}

export type { CelStats } from './cel-rules';
export { PassedObjects } from './passed-objects';
export { POLICY_CHECKS, type PolicyCheckId } from './policy';

export const SCHEMA_CHECK = 'schema';
export const CEL_CHECK = 'cel';
export const UNKNOWN_KIND_CHECK = 'unknown-kind';

const OBJECT_META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';

export interface ValidationReport {
  readonly violations: Violation[];
  /** CEL rule evaluations of this run: evaluated vs skipped (unsupported or transition rules). */
  readonly cel: CelStats;
}

export class ManifestValidator {
  private static shared: ManifestValidator | undefined;

  /** Loads the schemas once per process; later calls return the same validator (and its compiled kinds). */
  static load(): ManifestValidator {
    // required on first use, with ajv and the schema tooling they bring: a synth whose objects all
    // passed before never loads them
    ManifestValidator.shared ??= new ManifestValidator(
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      () => (require('./k8s-schema') as typeof import('./k8s-schema')).K8sSchemaValidator.load(),
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      () => (require('./crd-schema') as typeof import('./crd-schema')).CrdSchemaValidator.load(),
    );
    return ManifestValidator.shared;
  }

  private loadedBuiltIn: K8sSchemaValidator | undefined;
  private loadedCustomResources: CrdSchemaValidator | undefined;

  /** Schemas load on first use: a synth whose objects all passed before never reads them. */
  constructor(private readonly loadBuiltIn: () => K8sSchemaValidator, private readonly loadCustomResources: () => CrdSchemaValidator) {}

  get builtIn(): K8sSchemaValidator {
    this.loadedBuiltIn ??= this.loadBuiltIn();
    return this.loadedBuiltIn;
  }

  get customResources(): CrdSchemaValidator {
    this.loadedCustomResources ??= this.loadCustomResources();
    return this.loadedCustomResources;
  }

  /**
   * All violations of `objects` (one environment: some policies compare objects), sorted.
   * With `passed`, objects that passed schema and CEL checks in an earlier run are not checked again;
   * `hashes` are the objects' PassedObjects.hash when the caller has them already.
   * @default hashes computed here
   */
  validate(objects: object[], passed?: PassedObjects, hashes?: readonly string[]): Violation[] {
    return this.validateWithStats(objects, passed, hashes).violations;
  }

  validateWithStats(objects: object[], passed?: PassedObjects, hashes?: readonly string[]): ValidationReport {
    const cel = emptyCelStats();
    const violations: Violation[] = [];
    for (const [i, o] of objects.entries()) {
      const hash = passed ? (hashes?.[i] ?? PassedObjects.hash(o)) : '';
      if (passed?.has(hash)) continue;
      const found = this.schemaViolations(o as K8sObject, cel);
      if (found.length === 0) passed?.add(hash);
      violations.push(...found);
    }
    violations.push(...checkPolicies(objects));
    return { violations: sortViolations(violations), cel };
  }

  private schemaViolations(o: K8sObject, cel: CelStats): Violation[] {
    const object = typeof o === 'object' && o !== null ? objectId(o) : '<not an object>';
    const as = (check: string) => (i: SchemaIssue): Violation => ({ object, check, path: i.path, message: i.message });
    if (typeof o !== 'object' || o === null || typeof o.apiVersion !== 'string' || typeof o.kind !== 'string') {
      return [{ object, check: UNKNOWN_KIND_CHECK, path: '', message: 'not a Kubernetes object: apiVersion and kind must be strings' }];
    }
    if (this.builtIn.has(o.apiVersion, o.kind)) return this.builtIn.validate(o).map(as(SCHEMA_CHECK));
    if (this.customResources.has(o.apiVersion, o.kind)) {
      const result = this.customResources.validate(o, cel);
      // CRD schemas leave metadata open; hold it to ObjectMeta like the API server does
      const meta = typeof o.metadata === 'object' && o.metadata !== null ? this.builtIn.validateDefinition(OBJECT_META, o.metadata, 'metadata') : [];
      return [...result.schema.map(as(SCHEMA_CHECK)), ...meta.map(as(SCHEMA_CHECK)), ...result.cel.map(as(CEL_CHECK))];
    }
    const known = [...this.builtIn.apiVersionsOf(o.kind), ...this.customResources.apiVersionsOf(o.kind)];
    const hint = known.length > 0 ? `; ${o.kind} is defined for apiVersion ${known.join(', ')}` : '; no Kubernetes 1.28 built-in or pinned CRD defines it';
    return [{ object, check: UNKNOWN_KIND_CHECK, path: 'apiVersion', message: `unknown kind ${o.apiVersion} ${o.kind}${hint}` }];
  }
}

/** Deterministic order: object, check, path, message (plain code-unit order, independent of locale). */
export function sortViolations(violations: readonly Violation[]): Violation[] {
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return [...violations].sort((a, b) => cmp(a.object, b.object) || cmp(a.check, b.check) || cmp(a.path, b.path) || cmp(a.message, b.message));
}

/** One line per violation: `object  [check]  path: message`. */
export function formatViolations(violations: Violation[]): string {
  return sortViolations(violations)
    .map((v) => `  ${v.object}  [${v.check}]  ${v.path || '(object)'}: ${v.message}`)
    .join('\n');
}
