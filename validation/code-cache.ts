import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { writeCacheFile } from './cache-file';

const STALE_AFTER_MS = 7 * 24 * 3600 * 1000;

/**
 * Disk cache for ajv-generated validator modules, under the git-ignored `.cache/validation/`.
 *
 * Generating code for a schema costs 3-10 ms per subschema in a fresh process (ajv's code generator
 * is cold), which adds up to most of the validation time budget. The generated module is plain
 * JavaScript; loading it back costs a fraction of that. Entries are keyed by a hash of everything
 * that shapes the code (ajv version and options, the schema-transforming source files, the hash of
 * the schema file and the unit id), so a stale entry is never used: it is just never looked up again.
 */
export class CodeCache {
  /** Undefined when caching is off or the directory cannot be created. */
  private readonly dir: string | undefined;

  /**
   * Entries live in `<root>/<fingerprint prefix>/`. The directory in use is touched on every start;
   * sibling directories (other fingerprints) untouched for a week are removed, so editing the
   * validator does not grow the cache forever.
   */
  constructor(root: string | undefined, private readonly fingerprint: string) {
    if (!root) return;
    const dir = path.join(root, fingerprint.slice(0, 16));
    const now = new Date();
    try {
      fs.mkdirSync(dir, { recursive: true });
      fs.utimesSync(dir, now, now);
      this.dir = dir;
    } catch {
      return;
    }
    pruneStale(root, dir, now.getTime() - STALE_AFTER_MS);
  }

  get enabled(): boolean {
    return this.dir !== undefined;
  }

  key(id: string, content: string): string {
    return crypto.createHash('sha1').update(this.fingerprint).update('\0').update(id).update('\0').update(content).digest('hex');
  }

  /** Evaluates a cached CommonJS module with the given `require`, or undefined on a miss. */
  load(key: string, requireFn: (id: string) => unknown): unknown {
    if (!this.dir) return undefined;
    let source: string;
    try {
      source = fs.readFileSync(path.join(this.dir, `${key}.js`), 'utf8');
    } catch {
      return undefined;
    }
    const module = { exports: {} as unknown };
    try {
      // the cache holds code this project generated itself, exactly like lib/ holds compiled TypeScript
      // eslint-disable-next-line @typescript-eslint/no-implied-eval
      new Function('require', 'module', 'exports', source)(requireFn, module, module.exports);
    } catch {
      return undefined; // a damaged entry is regenerated (and overwritten) by the caller
    }
    return typeof module.exports === 'function' ? module.exports : undefined;
  }

  store(key: string, source: string): void {
    if (!this.dir) return;
    writeCacheFile(path.join(this.dir, `${key}.js`), source);
  }
}

function pruneStale(root: string, keep: string, before: number): void {
  try {
    for (const entry of fs.readdirSync(root)) {
      const dir = path.join(root, entry);
      if (dir !== keep && fs.statSync(dir).mtimeMs < before) fs.rmSync(dir, { recursive: true, force: true });
    }
  } catch {
    // best effort: another process may be pruning too
  }
}
