import { isAscii } from 'buffer';
import * as fs from 'fs';
import Module from 'module';
import * as path from 'path';
import * as vm from 'vm';
import { writeCacheFile } from '../validation/cache-file';

/**
 * Loads lib/synth/run.bundle.js (scripts/bundle-synth.js: synth/run and every module it loads, in
 * one file) with a V8 code cache, instead of ~600 modules one by one: most of a warm synth's time
 * was Node resolving, reading and compiling them. The cache holds the bundle's compiled code,
 * functions compiled while it ran included; it is written after the first run of a bundle and
 * keyed by the bundle's size and modification time (V8 itself only checks the source length).
 *
 * Undefined when there is no bundle or it is older than the file it bundles (a `tsc` since:
 * lib/synth/run.js is then loaded as usual). `CODE_CACHE=off` loads the bundle without the cache.
 * The cache lives in `<project>/.cache/code/` unless `cacheDir` says otherwise.
 */
export function loadBundle<T>(libDir: string, cacheDir?: string): T | undefined {
  let bundle: string;
  let stat: fs.Stats;
  try {
    // its real path, as Node gives a module: the bundled code finds the project from its __dirname
    // (the diff's scratch lib/ links this checkout's folders)
    bundle = fs.realpathSync(path.join(libDir, 'synth', 'run.bundle.js'));
    stat = fs.statSync(bundle);
    if (stat.mtimeMs < fs.statSync(path.join(libDir, 'synth', 'run.js')).mtimeMs) return undefined;
  } catch {
    return undefined;
  }
  const bytes = fs.readFileSync(bundle);
  // the build writes ASCII (scripts/bundle-synth.js): Latin-1 then decodes the same text 4x faster
  const source = isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
  // by default beside the bundle's own checkout (<root>/lib/synth/ -> <root>/.cache/code), so the
  // diff's scratch copies of main.js share it
  const dir = cacheDir ?? path.join(path.dirname(path.dirname(path.dirname(bundle))), '.cache', 'code');
  const cacheFile = process.env.CODE_CACHE !== 'off' ? path.join(dir, `run.bundle-${stat.size}-${Math.round(stat.mtimeMs)}.v8`) : undefined;
  const cached = cacheFile ? readOrUndefined(cacheFile) : undefined;
  const script = new vm.Script(Module.wrap(source), { filename: bundle, cachedData: cached });
  const module = { exports: {} as T };
  const factory = script.runInThisContext() as (...args: unknown[]) => void;
  factory.call(module.exports, module.exports, Module.createRequire(bundle), module, bundle, path.dirname(bundle));
  if (cacheFile && (!cached || script.cachedDataRejected)) {
    // after the run: the code of every function the synth compiled is in it
    process.once('exit', () => writeCache(cacheFile, script));
  }
  return module.exports;
}

function readOrUndefined(file: string): Buffer | undefined {
  try {
    return fs.readFileSync(file);
  } catch {
    return undefined;
  }
}

/** Replaces the folder's entries (older bundles') with this one; a failure only costs speed. */
function writeCache(file: string, script: vm.Script): void {
  if (!writeCacheFile(file, script.createCachedData())) return;
  const dir = path.dirname(file);
  try {
    for (const old of fs.readdirSync(dir)) if (old !== path.basename(file) && old.startsWith('run.bundle-')) fs.rmSync(path.join(dir, old), { force: true });
  } catch {
    // another process replacing them too: they go next time
  }
}
