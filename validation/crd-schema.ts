import { CelRuleEvaluator, emptyCelStats, type CelStats } from './cel-rules';
import { goRegExp } from './go-regexp';
import { LazyAjv, splitIntoUnits, type Unit } from './lazy-ajv';
import { hashText, loadCrds, validationCacheDir, type CustomResourceDefinition, type Sourced } from './schema-cache';
import { toIssues, type SchemaIssue } from './schema-errors';
import { strictCrdSchema, type JsonSchema } from './strict-schema';

/**
 * Schema and CEL validation of custom resources against the pinned CRDs.
 * Every served version is indexed by `group/version` + kind; a version's schema is made strict,
 * split into units and compiled unit by unit as objects reach them (see lazy-ajv.ts).
 */

/**
 * Subschemas with more schema nodes than this become separately compiled units. Measured on the
 * fixture environment (Kafka, Istio, Prometheus, Argo CD): 10 compiled ~35% faster than 60 and
 * ~50% faster than 120, since objects use a small part of these schemas.
 */
const UNIT_ABOVE_NODES = 10;

interface ServedVersion {
  /** `group/version/kind`, also the unit id prefix. */
  readonly id: string;
  /** The version's openAPIV3Schema as published (CEL rules and defaults are read from it). */
  readonly schema: JsonSchema | undefined;
  /** Identifies the CRD's content for the code cache. */
  readonly identity: string;
  split?: boolean;
}

export interface CrdValidation {
  readonly schema: SchemaIssue[];
  readonly cel: SchemaIssue[];
}

export class CrdSchemaValidator {
  static load(): CrdSchemaValidator {
    return new CrdSchemaValidator(loadCrds());
  }

  /** From CRD objects without a known source file (identified by a hash of their JSON). */
  static fromCrds(crds: readonly CustomResourceDefinition[]): CrdSchemaValidator {
    return new CrdSchemaValidator(crds.map((value) => ({ value, sourceHash: hashText(JSON.stringify(value)) })));
  }

  private readonly versions = new Map<string, ServedVersion>();
  private readonly units = new Map<string, JsonSchema>();
  private readonly lazy = new LazyAjv((id) => this.unit(id), { regExp: goRegExp, cacheDir: validationCacheDir() });
  private readonly cel = new CelRuleEvaluator();

  constructor(crds: ReadonlyArray<Sourced<CustomResourceDefinition>>) {
    for (const { value: crd, sourceHash } of crds) {
      for (const v of crd.spec.versions) {
        if (v.served === false) continue;
        const id = key(`${crd.spec.group}/${v.name}`, crd.spec.names.kind);
        this.versions.set(id, { id, schema: v.schema?.openAPIV3Schema, identity: `${sourceHash}|units>${UNIT_ABOVE_NODES}` });
      }
    }
  }

  has(apiVersion: string, kind: string): boolean {
    return this.versions.has(key(apiVersion, kind));
  }

  /** The served apiVersions that define `kind` (to suggest the right one for a wrong apiVersion). */
  apiVersionsOf(kind: string): string[] {
    return [...this.versions.keys()].filter((k) => k.endsWith(`/${kind}`)).map((k) => k.slice(0, -kind.length - 1));
  }

  /**
   * Schema findings and CEL rule findings for one custom resource (check `has` first).
   * CEL evaluation counts go into `stats`.
   */
  validate(obj: { apiVersion?: unknown; kind?: unknown; [field: string]: unknown }, stats: CelStats = emptyCelStats()): CrdValidation {
    const served = this.versions.get(key(String(obj.apiVersion), String(obj.kind)));
    if (!served) throw new Error(`${String(obj.apiVersion)}/${String(obj.kind)} is not a known custom resource`);
    if (!served.schema) return { schema: [], cel: [] }; // a CRD without a schema accepts anything
    const validate = this.lazy.validator(served.id);
    const schema = validate(obj) ? [] : toIssues(validate.errors);
    return { schema, cel: this.cel.evaluate(served.schema, obj, stats) };
  }

  get compileStats(): { compiles: number; compileMs: number; cacheHits: number } {
    return { compiles: this.lazy.compiles, compileMs: this.lazy.compileMs, cacheHits: this.lazy.cacheHits };
  }

  /** Units are `<group/version/kind>#<pointer>`; a version is split only when one of its units misses the cache. */
  private unit(id: string): Unit | undefined {
    const served = this.versions.get(id.split('#')[0]);
    if (!served?.schema) return undefined;
    const schema = served.schema;
    return {
      identity: served.identity,
      schema: () => {
        if (!served.split) {
          const { root, units } = splitIntoUnits(strictCrdSchema(schema), UNIT_ABOVE_NODES, served.id);
          this.units.set(served.id, root);
          for (const [unitId, unit] of units) this.units.set(unitId, unit);
          served.split = true;
        }
        const unit = this.units.get(id);
        if (!unit) throw new Error(`no schema unit ${id}`);
        return unit;
      },
    };
  }
}

function key(apiVersion: string, kind: string): string {
  return `${apiVersion}/${kind}`;
}
