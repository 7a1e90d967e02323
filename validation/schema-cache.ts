import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { writeCacheFile } from './cache-file';
import { loadAll } from 'js-yaml';

/**
 * Reads the pinned upstream schemas from the git-ignored cache that `scripts/fetch-schemas.js` fills.
 * Validation never goes to the network: a missing file is a setup problem and says how to fix it.
 */

export interface SchemaSource {
  readonly name: string;
  readonly kind: 'openapi' | 'crd';
  /** Relative to the schema cache directory. */
  readonly file: string;
}

/** A CustomResourceDefinition as far as validation reads it. */
export interface CustomResourceDefinition {
  readonly kind: string;
  readonly spec: {
    readonly group: string;
    readonly names: { readonly kind: string };
    readonly versions: ReadonlyArray<{
      readonly name: string;
      readonly served?: boolean;
      readonly schema?: { readonly openAPIV3Schema?: Record<string, unknown> };
    }>;
  };
}

export interface K8sDefinitions {
  readonly definitions: Record<string, Record<string, unknown>>;
}

const SOURCES_FILE = path.join('crds', 'sources.json');

/**
 * The folder holding crds/sources.json. Found by walking up because this code runs both compiled
 * (lib/validation/*.js) and from source under ts-jest (validation/*.ts): the depth differs.
 */
export function projectRoot(from: string = __dirname): string {
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, SOURCES_FILE))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no ${SOURCES_FILE} found in ${from} or any parent folder`);
  }
}

/**
 * The validation code's TypeScript sources (`validation/<name>.ts` under the project root), for
 * cache fingerprints: the same bytes whether the code runs compiled from lib/, bundled, or from
 * source under ts-jest (the running files differ in each). Outside a checkout the running files
 * stand in. All of them, sorted, when no names are given.
 */
export function validationSources(names?: string[]): Array<{ name: string; text: Buffer }> {
  let dir = path.join(projectRoot(), 'validation');
  let ext = '.ts';
  if (!fs.existsSync(dir)) {
    dir = __dirname;
    ext = path.extname(__filename);
  }
  const files = names ? names.map((n) => `${n}${ext}`) : fs.readdirSync(dir).filter((f) => f.endsWith(ext)).sort();
  return files.map((name) => ({ name, text: fs.readFileSync(path.join(dir, name)) }));
}

/** `$SCHEMA_CACHE` when set (e.g. a shared read-only copy), else `<project root>/.cache/schemas`. */
export function schemaCacheDir(): string {
  const override = process.env.SCHEMA_CACHE;
  return override ? path.resolve(override) : path.join(projectRoot(), '.cache', 'schemas');
}

/**
 * Where validation keeps derived artifacts (parsed CRDs, generated validator code):
 * `<project root>/.cache/validation`, or undefined when `VALIDATION_CACHE=off` (forces cold runs,
 * e.g. to measure them).
 */
export function validationCacheDir(): string | undefined {
  return process.env.VALIDATION_CACHE === 'off' ? undefined : path.join(projectRoot(), '.cache', 'validation');
}

export function schemaSources(): SchemaSource[] {
  const raw = JSON.parse(fs.readFileSync(path.join(projectRoot(), SOURCES_FILE), 'utf8')) as { schemas: SchemaSource[] };
  return raw.schemas.map(({ name, kind, file }) => ({ name, kind, file }));
}

/** Absolute path of a cached schema file; throws with the setup command when it is absent. */
export function schemaFilePath(file: string): string {
  const full = path.join(schemaCacheDir(), file);
  if (!fs.existsSync(full)) {
    throw new Error(`schema file ${file} is missing from the schema cache (${full}). ` +
      'Run `npm run setup`, or offline `SCHEMA_MIRROR=<dir> node scripts/fetch-schemas.js`, to fill it.');
  }
  return full;
}

/**
 * A loaded schema with a hash of the bytes it came from: derived artifacts (generated validator
 * code) are keyed by it, so editing or re-fetching a schema can never serve stale code.
 */
export interface Sourced<T> {
  readonly value: T;
  readonly sourceHash: string;
}

export const hashText = (text: string): string => crypto.createHash('sha1').update(text).digest('hex');

export function loadK8sDefinitions(): Sourced<K8sDefinitions> {
  const source = schemaSources().find((s) => s.kind === 'openapi');
  if (!source) throw new Error(`${SOURCES_FILE} lists no "openapi" schema for the built-in kinds`);
  const text = fs.readFileSync(schemaFilePath(source.file), 'utf8');
  return { value: JSON.parse(text) as K8sDefinitions, sourceHash: hashText(text) };
}

/** Every CustomResourceDefinition of every "crd" source, in sources.json order. */
export function loadCrds(): Array<Sourced<CustomResourceDefinition>> {
  const crds: Array<Sourced<CustomResourceDefinition>> = [];
  for (const source of schemaSources()) {
    if (source.kind !== 'crd') continue;
    const { docs, hash } = readYamlDocuments(schemaFilePath(source.file));
    docs.forEach((doc, i) => {
      if (isCrd(doc)) crds.push({ value: doc, sourceHash: `${hash}:${i}` });
    });
  }
  return crds;
}

function isCrd(doc: unknown): doc is CustomResourceDefinition {
  const d = doc as CustomResourceDefinition | null;
  return !!d && d.kind === 'CustomResourceDefinition' && Array.isArray(d.spec?.versions);
}

/**
 * All documents of a YAML file. The CRDs are ~2 MB: js-yaml parses them in ~0.3 s of CPU (the
 * `yaml` package, 5x slower, gave identical documents), and the parsed form is kept as JSON in
 * the validation cache (JSON.parse is faster still) and reused while the source's size and
 * mtime are unchanged. A cache that cannot be written is silently skipped.
 */
function readYamlDocuments(file: string): { docs: unknown[]; hash: string } {
  const stat = fs.statSync(file);
  // the format number invalidates entries written by an older layout of this cache
  const stamp = `v2:${stat.size}:${stat.mtimeMs}`;
  const cacheFile = parsedCachePath(file);
  try {
    const cached = cacheFile ? JSON.parse(fs.readFileSync(cacheFile, 'utf8')) as { stamp: string; hash: string; docs: unknown[] } : undefined;
    if (cached?.stamp === stamp) return cached;
  } catch {
    // absent or unreadable: parse below
  }
  const text = fs.readFileSync(file, 'utf8');
  let docs: unknown[];
  try {
    docs = loadAll(text, undefined, { filename: file });
  } catch (err) {
    throw new Error(`${file}: ${(err as Error).message}`);
  }
  const parsed = { stamp, hash: hashText(text), docs };
  // a read-only checkout parses again next time
  if (cacheFile) writeCacheFile(cacheFile, JSON.stringify(parsed));
  return parsed;
}

function parsedCachePath(file: string): string | undefined {
  const dir = validationCacheDir();
  if (!dir) return undefined;
  const id = crypto.createHash('sha1').update(path.resolve(file)).digest('hex').slice(0, 16);
  return path.join(dir, 'parsed', `${path.basename(file)}.${id}.json`);
}
