/**
 * Compiles a checkout's TypeScript as its tsconfig.json says, one file at a time with the types
 * erased (`ts.transpileModule`). The project sets `isolatedModules`, which is TypeScript's
 * promise that this gives the JavaScript `tsc` emits; it skips the type check (the ref's own
 * build did that), so a ref compiles in a fraction of a full `tsc` run.
 */
import * as fs from 'fs';
import * as path from 'path';
import type * as TypeScript from 'typescript';

/** Required on first use: loading the compiler costs a few hundred milliseconds. */
function typescript(): typeof TypeScript {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('typescript') as typeof TypeScript;
}

/** JavaScript for one TypeScript source, with the given compiler options (CommonJS, ES2022 by default). */
export function transpileSource(source: string, fileName: string, options: TypeScript.CompilerOptions = {}): string {
  const ts = typescript();
  const compilerOptions = { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, ...options };
  return ts.transpileModule(source, { fileName, compilerOptions }).outputText;
}

/**
 * Compiles every file `<checkout>/tsconfig.json` includes into its outDir, except those under
 * the `skip` folders (relative to rootDir); returns how many were compiled. Throws with
 * tsconfig's own message when it cannot be read.
 */
export function transpileProject(checkout: string, skip: readonly string[] = []): number {
  const ts = typescript();
  const configFile = path.join(checkout, 'tsconfig.json');
  const read = ts.readConfigFile(configFile, (f) => ts.sys.readFile(f));
  if (read.error) throw new Error(ts.flattenDiagnosticMessageText(read.error.messageText, '\n'));
  const config = ts.parseJsonConfigFileContent(read.config, ts.sys, checkout, undefined, configFile);
  if (config.errors.length > 0) throw new Error(config.errors.map((e) => ts.flattenDiagnosticMessageText(e.messageText, '\n')).join('\n'));
  const options = config.options;
  const rootDir = options.rootDir ?? checkout;
  const outDir = options.outDir ?? checkout;
  let count = 0;
  for (const file of config.fileNames) {
    const rel = path.relative(rootDir, file);
    if (file.endsWith('.d.ts') || skip.some((dir) => rel.startsWith(`${dir}${path.sep}`))) continue;
    const target = path.join(outDir, rel).replace(/\.tsx?$/, '.js');
    fs.mkdirSync(path.dirname(target), { recursive: true });
    const output = transpileSource(fs.readFileSync(file, 'utf8'), file, options);
    fs.writeFileSync(target, output);
    copyJsonImports(output, file, rootDir, outDir);
    count++;
  }
  return count;
}

/**
 * tsc emits the JSON files a module imports (resolveJsonModule) beside the compiled code;
 * transpiling one file at a time does not, so they are copied to the same place.
 */
function copyJsonImports(output: string, source: string, rootDir: string, outDir: string): void {
  for (const [, spec] of output.matchAll(/require\("(\.{1,2}\/[^"]+\.json)"\)/g)) {
    const from = path.resolve(path.dirname(source), spec);
    const to = path.join(outDir, path.relative(rootDir, from));
    if (from === to || !fs.existsSync(from)) continue;
    fs.mkdirSync(path.dirname(to), { recursive: true });
    fs.copyFileSync(from, to);
  }
}
