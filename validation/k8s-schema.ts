import { deferDefinitionRefs, LazyAjv, type Unit } from './lazy-ajv';
import { hashText, loadK8sDefinitions, validationCacheDir, type K8sDefinitions } from './schema-cache';
import { toIssues, type SchemaIssue } from './schema-errors';
import { strictK8sDefinition, type JsonSchema } from './strict-schema';

/**
 * Schema validation of built-in kinds against the pinned Kubernetes OpenAPI definitions.
 *
 * One Ajv instance holds the whole (strict) definitions document; each kind compiles as
 * `{$ref: 'k8s#/definitions/<key>'}` the first time an object of that kind is validated, and the
 * definitions it references compile as data reaches them (each once, shared by all kinds).
 */

/** The id the definitions document is registered under: refs read `k8s#/definitions/<key>`. */
export const K8S_SCHEMA_ID = 'k8s';
const UNIT_PREFIX = `${K8S_SCHEMA_ID}#/definitions/`;

interface GroupVersionKind {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
}

export class K8sSchemaValidator {
  static load(): K8sSchemaValidator {
    const { value, sourceHash } = loadK8sDefinitions();
    return new K8sSchemaValidator(value, sourceHash);
  }

  private readonly lazy: LazyAjv;
  /** `apps/v1/Deployment` -> `io.k8s.api.apps.v1.Deployment`. */
  private readonly byGvk = new Map<string, string>();
  private documentAdded = false;

  /** `sourceHash` identifies the document for the code cache (default: a hash of its JSON). */
  constructor(private readonly doc: K8sDefinitions, private readonly sourceHash = hashText(JSON.stringify(doc))) {
    for (const [key, def] of Object.entries(doc.definitions)) {
      const gvks = (def['x-kubernetes-group-version-kind'] ?? []) as GroupVersionKind[];
      for (const { group, version, kind } of gvks) {
        const id = gvkKey(group ? `${group}/${version}` : version, kind);
        // meta types such as DeleteOptions claim many groups; the first (own) definition wins
        if (!this.byGvk.has(id)) this.byGvk.set(id, key);
      }
    }
    this.lazy = new LazyAjv((id) => this.unit(id), { cacheDir: validationCacheDir() });
  }

  /** The definition key for an apiVersion/kind (core group is `v1`), or undefined when not built in. */
  definitionFor(apiVersion: string, kind: string): string | undefined {
    return this.byGvk.get(gvkKey(apiVersion, kind));
  }

  has(apiVersion: string, kind: string): boolean {
    return this.byGvk.has(gvkKey(apiVersion, kind));
  }

  /** The apiVersions that define `kind` (to suggest the right one for a wrong apiVersion). */
  apiVersionsOf(kind: string): string[] {
    return [...this.byGvk.keys()].filter((k) => k.endsWith(`/${kind}`)).map((k) => k.slice(0, -kind.length - 1));
  }

  /** Schema findings for a built-in object; throws for a kind that is not built in (check `has` first). */
  validate(obj: { apiVersion?: unknown; kind?: unknown; [field: string]: unknown }): SchemaIssue[] {
    const key = this.definitionFor(String(obj.apiVersion), String(obj.kind));
    if (!key) throw new Error(`${String(obj.apiVersion)}/${String(obj.kind)} is not a built-in kind`);
    return this.validateDefinition(key, obj);
  }

  /** Validates any value against one definition, e.g. a custom resource's metadata against ObjectMeta. */
  validateDefinition(key: string, value: unknown, basePath = ''): SchemaIssue[] {
    const fn = this.lazy.validator(UNIT_PREFIX + key);
    return fn(value) ? [] : toIssues(fn.errors, basePath);
  }

  /** Compile effort so far (for timing reports). */
  get compileStats(): { compiles: number; compileMs: number; cacheHits: number } {
    return { compiles: this.lazy.compiles, compileMs: this.lazy.compileMs, cacheHits: this.lazy.cacheHits };
  }

  /** A definition as a unit; a run served from the code cache never prepares the 1 MB document. */
  private unit(id: string): Unit | undefined {
    const key = id.startsWith(UNIT_PREFIX) ? id.slice(UNIT_PREFIX.length) : undefined;
    if (key === undefined || !this.doc.definitions[key]) return undefined;
    return { identity: this.sourceHash, schema: () => this.refTo(id) };
  }

  /**
   * `{$ref}` into the shared document. The document (strict, references deferred) is registered
   * with ajv once, on the first cache miss.
   */
  private refTo(id: string): JsonSchema {
    if (!this.documentAdded) {
      const definitions: Record<string, JsonSchema> = {};
      for (const [key, def] of Object.entries(this.doc.definitions)) {
        definitions[key] = deferDefinitionRefs(strictK8sDefinition(key, def as JsonSchema), K8S_SCHEMA_ID);
      }
      this.lazy.ajv.addSchema({ definitions }, K8S_SCHEMA_ID);
      this.documentAdded = true;
    }
    return { $ref: id };
  }
}

function gvkKey(apiVersion: string, kind: string): string {
  return `${apiVersion}/${kind}`;
}
