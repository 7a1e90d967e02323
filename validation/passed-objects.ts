import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { writeCacheFile } from './cache-file';
import { projectRoot, validationCacheDir, validationSources } from './schema-cache';

/**
 * Objects that already passed schema and CEL validation, by content hash.
 *
 * Every synth renders the whole platform while a change touches a few objects. An object that is
 * byte-for-byte one that passed before, under the same pinned schemas and the same validator code,
 * passes again, so its schema and CEL checks can be skipped. The fingerprint covers both (the
 * sha256 pins in crds/sources.json, every file of this folder, the ajv and CEL versions); any
 * change starts an empty set. Policy checks compare objects with each other and always run.
 * Only the objects of the latest run are kept, so the file never grows past one synth.
 */
export class PassedObjects {
  private readonly previous: ReadonlySet<string>;
  private readonly current = new Set<string>();

  /** Reads the set of the last run; a missing or unreadable file is an empty set. Off with VALIDATION_CACHE=off. */
  static open(): PassedObjects {
    const dir = validationCacheDir();
    return new PassedObjects(dir ? path.join(dir, `passed-${fingerprint().slice(0, 16)}.json`) : undefined);
  }

  private constructor(private readonly file: string | undefined) {
    let hashes: string[] = [];
    try {
      if (file) hashes = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch {
      hashes = [];
    }
    this.previous = new Set(hashes);
  }

  static hash(object: unknown): string {
    return crypto.createHash('sha1').update(JSON.stringify(object)).digest('hex');
  }

  has(hash: string): boolean {
    if (!this.previous.has(hash)) return false;
    this.current.add(hash);
    return true;
  }

  add(hash: string): void {
    this.current.add(hash);
  }

  /** Keeps exactly the objects that passed in this run (write-then-rename). */
  save(): void {
    if (this.file) writeCacheFile(this.file, JSON.stringify([...this.current].sort()));
  }
}

let cachedFingerprint: string | undefined;

function fingerprint(): string {
  if (!cachedFingerprint) {
    const hash = crypto.createHash('sha1');
    hash.update(fs.readFileSync(path.join(projectRoot(), 'crds', 'sources.json')));
    for (const pkg of ['ajv', '@bufbuild/cel']) {
      // read from disk: @bufbuild/cel's exports map does not expose its package.json to require
      hash.update(fs.readFileSync(path.join(projectRoot(), 'node_modules', pkg, 'package.json')));
    }
    for (const { name, text } of validationSources()) hash.update(name).update(text);
    cachedFingerprint = hash.digest('hex');
  }
  return cachedFingerprint;
}
