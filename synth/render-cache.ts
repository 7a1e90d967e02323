import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { writeCacheFile } from '../validation/cache-file';
import { projectRoot } from '../validation/schema-cache';
import { renderObject } from './render';

/**
 * The YAML of objects rendered before, by their content's hash (the one the validation cache
 * keys on): after an edit most objects are unchanged, and rendering was a fifth of a warm synth.
 *
 * One file per platform environment, holding exactly the objects of its last render, so a synth
 * of one platform or environment never evicts another's. The folder is named after the renderer
 * (js-yaml's version, renderObject's own code): another renderer finds nothing, and the first
 * save under a new one removes the old folders. RENDER_CACHE=off renders everything, keeps nothing.
 */
export class RenderCache {
  private readonly previous: Record<string, string>;
  private readonly current: Record<string, string> = {};
  private misses = 0;

  /** The cache of one platform environment. `root` @default `<project>/.cache/render` */
  static open(platform: string, environment: string, root: string = renderCacheRoot()): RenderCache {
    if (process.env.RENDER_CACHE === 'off') return new RenderCache(undefined);
    const file = path.join(root, rendererFingerprint(), `${encodeURIComponent(platform)}.${encodeURIComponent(environment)}.json`);
    return new RenderCache(file);
  }

  private constructor(private readonly file: string | undefined) {
    let previous: unknown;
    try {
      if (file) previous = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch {
      // missing or damaged: rendered again and replaced
    }
    this.previous = typeof previous === 'object' && previous !== null ? (previous as Record<string, string>) : {};
  }

  /** The object's YAML document; `hash` is its content hash (PassedObjects.hash). */
  render(object: Record<string, unknown>, hash: string): string {
    let yaml = this.current[hash];
    if (yaml === undefined) {
      const cached = Object.hasOwn(this.previous, hash) ? this.previous[hash] : undefined;
      if (typeof cached === 'string') {
        yaml = cached;
      } else {
        yaml = renderObject(object);
        this.misses++;
      }
      this.current[hash] = yaml;
    }
    return yaml;
  }

  /** Writes this run's entries when they differ from the file's (write-then-rename); a failure only costs speed. */
  save(): void {
    if (!this.file || (this.misses === 0 && Object.keys(this.current).length === Object.keys(this.previous).length)) return;
    if (!writeCacheFile(this.file, JSON.stringify(this.current))) return;
    const dir = path.dirname(this.file);
    const root = path.dirname(dir);
    try {
      for (const other of fs.readdirSync(root)) if (other !== path.basename(dir)) fs.rmSync(path.join(root, other), { recursive: true, force: true });
    } catch {
      // another process removing them too: they go next time
    }
  }
}

/** `<project>/.cache/render` */
export function renderCacheRoot(): string {
  return path.join(projectRoot(), '.cache', 'render');
}

let fingerprint: string | undefined;

/** js-yaml's version and the code of renderObject as it runs (compiled, bundled or from source). */
export function rendererFingerprint(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  fingerprint ??= crypto.createHash('sha1').update(`js-yaml@${(require('js-yaml/package.json') as { version: string }).version}\0${renderObject.toString()}`).digest('hex').slice(0, 16);
  return fingerprint;
}
