/**
 * The pure core of the manifest diff: two trees of rendered files in, a resource-level diff out.
 * No git, no file system: callers read the trees however they like.
 */
import { CORE_SCHEMA, loadAll, YAMLException } from 'js-yaml';

/** Relative path (e.g. "deltran-mvp/prod/postgres.k8s.yaml") -> file content. */
export type ManifestTree = ReadonlyMap<string, string>;

export type K8sObject = Record<string, any>;

/** What identifies an object across versions: the API version is left out so v1beta2 -> v1 reads as a change. */
export interface ObjectId {
  /** "<platform>/<environment>": the folder two levels up from the file. */
  readonly scope: string;
  /** API group; "" for the core group. */
  readonly group: string;
  readonly kind: string;
  /** "" for cluster-scoped objects. */
  readonly namespace: string;
  readonly name: string;
}

export interface ManifestObject {
  readonly key: string;
  readonly id: ObjectId;
  /** File the object is in, relative to the tree root. */
  readonly file: string;
  readonly object: K8sObject;
}

/** One changed leaf (or subtree that appeared or disappeared). `undefined` means absent. */
export interface FieldChange {
  /** e.g. `spec.template.spec.containers[name=app].image`, `metadata.labels["app.kubernetes.io/version"]`. */
  readonly path: string;
  readonly before: unknown;
  readonly after: unknown;
}

export interface ChangedObject {
  readonly key: string;
  readonly id: ObjectId;
  readonly before: ManifestObject;
  readonly after: ManifestObject;
  readonly changes: readonly FieldChange[];
}

export type Side = 'before' | 'after';

export interface ManifestDiff {
  readonly added: readonly ManifestObject[];
  readonly removed: readonly ManifestObject[];
  readonly changed: readonly ChangedObject[];
  readonly unchangedCount: number;
  /**
   * Every object of one side in one environment, by key: danger rules look beyond the changed
   * objects (a StatefulSet next to a changed ConfigMap). Parsed on demand and cached, because
   * files that are byte-identical on both sides are otherwise never parsed.
   */
  readonly objectsOf: (side: Side, scope: string) => ReadonlyMap<string, ManifestObject>;
}

export class ManifestParseError extends Error {
  constructor(readonly file: string, detail: string) {
    super(`${file}: ${detail}`);
    this.name = 'ManifestParseError';
  }
}

/** Only Kubernetes YAML takes part; the environment READMEs and anything else in dist/ are ignored. */
export function isManifestFile(file: string): boolean {
  return /\.ya?ml$/.test(file);
}

export function objectKey(id: ObjectId): string {
  return `${id.scope} ${displayName(id)}`;
}

/** `apps/StatefulSet deltran/deltran-db`, `Service deltran/gateway`, `Namespace deltran`. */
export function displayName(id: ObjectId): string {
  const type = id.group ? `${id.group}/${id.kind}` : id.kind;
  return `${type} ${id.namespace ? `${id.namespace}/` : ''}${id.name}`;
}

export function apiGroup(apiVersion: unknown): string {
  const v = String(apiVersion ?? '');
  const slash = v.indexOf('/');
  return slash < 0 ? '' : v.slice(0, slash);
}

export function scopeOf(file: string): string {
  const parts = file.split('/');
  return parts.length >= 3 ? `${parts[0]}/${parts[1]}` : parts.slice(0, -1).join('/') || '.';
}

/** Every object of a tree by key. Throws ManifestParseError on invalid YAML or a key seen twice. */
export function parseTree(tree: ManifestTree): Map<string, ManifestObject> {
  const objects = new Map<string, ManifestObject>();
  for (const file of [...tree.keys()].sort()) {
    if (!isManifestFile(file)) continue;
    for (const object of parseDocuments(file, tree.get(file)!)) {
      if (!isObject(object) || typeof object.kind !== 'string' || typeof object.metadata?.name !== 'string') continue;
      const id: ObjectId = {
        scope: scopeOf(file),
        group: apiGroup(object.apiVersion),
        kind: object.kind,
        namespace: typeof object.metadata.namespace === 'string' ? object.metadata.namespace : '',
        name: object.metadata.name,
      };
      const key = objectKey(id);
      const seen = objects.get(key);
      if (seen) throw new ManifestParseError(file, `${displayName(id)} is also defined in ${seen.file}`);
      objects.set(key, { key, id, file, object });
    }
  }
  return objects;
}

/**
 * Every document of a file, with YAML 1.2's core schema (no timestamps or merge keys: an unquoted
 * date stays a string, as Kubernetes reads it). js-yaml, which renders dist/, parses it
 * ~3x faster than the `yaml` package.
 */
function parseDocuments(file: string, text: string): unknown[] {
  try {
    return loadAll(text, undefined, { schema: CORE_SCHEMA });
  } catch (err) {
    if (err instanceof YAMLException) throw new ManifestParseError(file, err.message);
    throw err;
  }
}

/**
 * Only files whose bytes differ are parsed (YAML parsing is most of the cost: a few MB of
 * manifests take seconds): objects in a byte-identical file are unchanged by definition.
 */
export function compareTrees(before: ManifestTree, after: ManifestTree): ManifestDiff {
  const differing = (tree: ManifestTree, other: ManifestTree) => new Map([...tree].filter(([f, text]) => other.get(f) !== text));
  let identicalCount = 0;
  for (const [file, text] of before) {
    if (isManifestFile(file) && after.get(file) === text) identicalCount += countObjects(text);
  }
  const diff = compareObjects(parseTree(differing(before, after)), parseTree(differing(after, before)));
  const cache = new Map<string, ReadonlyMap<string, ManifestObject>>();
  const objectsOf = (side: Side, scope: string) => {
    const id = `${side} ${scope}`;
    if (!cache.has(id)) {
      const tree = side === 'before' ? before : after;
      cache.set(id, parseTree(new Map([...tree].filter(([f]) => scopeOf(f) === scope))));
    }
    return cache.get(id)!;
  };
  return { ...diff, unchangedCount: diff.unchangedCount + identicalCount, objectsOf };
}

/** Objects in a rendered file, without parsing it: every document has one top-level `kind:`. */
function countObjects(text: string): number {
  return (text.match(/^kind: *\S/gm) ?? []).length;
}

/** The diff of two fully parsed sides. */
export function compareObjects(before: ReadonlyMap<string, ManifestObject>, after: ReadonlyMap<string, ManifestObject>): ManifestDiff {
  const added: ManifestObject[] = [];
  const removed: ManifestObject[] = [];
  const changed: ChangedObject[] = [];
  let unchangedCount = 0;
  for (const key of sortedUnion(before.keys(), after.keys())) {
    const b = before.get(key);
    const a = after.get(key);
    if (!b) { added.push(a!); continue; }
    if (!a) { removed.push(b); continue; }
    const changes = diffValues(b.object, a.object);
    if (b.file !== a.file) changes.unshift({ path: '(file)', before: b.file, after: a.file });
    if (changes.length === 0) unchangedCount++;
    else changed.push({ key, id: a.id, before: b, after: a, changes });
  }
  const objectsOf = (side: Side, scope: string) =>
    new Map([...(side === 'before' ? before : after)].filter(([, o]) => o.id.scope === scope));
  return { added, removed, changed, unchangedCount, objectsOf };
}

/** Leaf-level differences between two JSON values, in document order. */
export function diffValues(before: unknown, after: unknown, path = ''): FieldChange[] {
  if (deepEqual(before, after)) return [];
  if (isObject(before) && isObject(after)) {
    const out: FieldChange[] = [];
    for (const k of orderedUnion(Object.keys(before), Object.keys(after))) {
      out.push(...diffValues(before[k], after[k], joinKey(path, k)));
    }
    return out;
  }
  if (Array.isArray(before) && Array.isArray(after)) return diffArrays(before, after, path);
  return [{ path: path || '(root)', before, after }];
}

function diffArrays(before: unknown[], after: unknown[], path: string): FieldChange[] {
  const keyField = identityField(before, after);
  if (keyField) {
    const idOf = (item: any) => String(keyField === 'metadata.name' ? item.metadata.name : item[keyField]);
    const b = new Map(before.map((item) => [idOf(item), item]));
    const a = new Map(after.map((item) => [idOf(item), item]));
    const out: FieldChange[] = [];
    for (const id of orderedUnion([...b.keys()], [...a.keys()])) {
      out.push(...diffValues(b.get(id), a.get(id), `${path}[${keyField === 'metadata.name' ? 'name' : keyField}=${id}]`));
    }
    // same members, new order: the order itself is the change (it matters for containers' env, args, rules)
    if (out.length === 0) return [{ path, before, after }];
    return out;
  }
  // lists of plain values (args, subjects, syncOptions) read best as one before/after pair
  if ([...before, ...after].every((v) => !isObject(v) && !Array.isArray(v))) return [{ path, before, after }];
  const out: FieldChange[] = [];
  for (let i = 0; i < Math.max(before.length, after.length); i++) out.push(...diffValues(before[i], after[i], `${path}[${i}]`));
  return out;
}

/** Field that names the items of a list of objects (containers, env, ports, volumes, rule groups, alerts), when unique. */
function identityField(before: unknown[], after: unknown[]): string | undefined {
  const items = [...before, ...after];
  if (items.length === 0 || !items.every(isObject)) return undefined;
  for (const field of ['name', 'metadata.name', 'alert', 'record']) {
    const get = (item: any) => (field === 'metadata.name' ? item.metadata?.name : item[field]);
    const unique = (list: unknown[]) => new Set(list.map(get)).size === list.length;
    if (items.every((item) => typeof get(item) === 'string') && unique(before) && unique(after)) return field;
  }
  return undefined;
}

function joinKey(path: string, key: string): string {
  const segment = /^[A-Za-z_$][A-Za-z0-9_$-]*$/.test(key) ? key : JSON.stringify(key);
  if (segment.startsWith('"')) return `${path}[${segment}]`;
  return path ? `${path}.${segment}` : segment;
}

export function isObject(v: unknown): v is Record<string, any> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => deepEqual(v, b[i]));
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => k in b && deepEqual(a[k], b[k]));
  }
  return false;
}

function sortedUnion(a: Iterable<string>, b: Iterable<string>): string[] {
  return [...new Set([...a, ...b])].sort();
}

/** Keys of `a` in their order, then keys only in `b`: the diff follows the document. */
function orderedUnion(a: string[], b: string[]): string[] {
  const seen = new Set(a);
  return [...a, ...b.filter((k) => !seen.has(k))];
}
