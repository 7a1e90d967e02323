/**
 * The README's tutorial as a newcomer follows it: its platform, exactly as printed, type-checks
 * against the spec, synthesizes through the CLI, and references exactly the Secrets the README
 * tells them to create.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ts from 'typescript';
import { readEnvironment } from '../cluster/lib/manifests';
import { referencedSecrets } from '../cluster/lib/secrets';

const PROJECT = path.join(__dirname, '..');
const README = fs.readFileSync(path.join(PROJECT, 'README.md'), 'utf8');
const MAIN = path.join(PROJECT, 'lib', 'main.js');

/** The first fenced block after a marker comment. */
function blockAfter(marker: string): string {
  const at = README.indexOf(`<!-- ${marker}`);
  if (at < 0) throw new Error(`README.md has no <!-- ${marker} --> marker`);
  const match = /```ts\n([\s\S]*?)\n```/.exec(README.slice(at));
  if (!match) throw new Error(`no \`\`\`ts block after <!-- ${marker} -->`);
  return `${match[1]}\n`;
}

/** The Markdown table after a marker: Secret name -> "keys | environments". */
function tableAfter(marker: string): Map<string, string> {
  const rest = README.slice(README.indexOf(`<!-- ${marker}`));
  const rows = rest.split('\n').slice(1).filter((l, i, all) => l.startsWith('|') && all.slice(0, i).every((x) => x.startsWith('|')));
  const cells = (row: string) => row.split('|').slice(1, -1).map((c) => c.trim().replace(/`/g, ''));
  return new Map(rows.slice(2).map((row) => {
    const [name, keys, environments] = cells(row);
    return [name, `${keys} | ${environments}`];
  }));
}

/** Type errors of `source` placed at platforms/<file> (in memory: nothing is written into the project). */
function typeErrors(file: string, source: string): string[] {
  const fileName = path.join(PROJECT, 'platforms', file);
  // no DOM library and no @types: the spec is plain data
  const options: ts.CompilerOptions = { strict: true, target: ts.ScriptTarget.ES2022, lib: ['lib.es2022.d.ts'], module: ts.ModuleKind.CommonJS, noEmit: true, types: [], skipLibCheck: true };
  const host = ts.createCompilerHost(options);
  const { getSourceFile, fileExists, readFile } = host;
  host.getSourceFile = (name, language, ...rest) => (path.resolve(name) === fileName ? ts.createSourceFile(name, source, language) : getSourceFile(name, language, ...rest));
  host.fileExists = (name) => path.resolve(name) === fileName || fileExists(name);
  host.readFile = (name) => (path.resolve(name) === fileName ? source : readFile(name));
  // the previous program lends its parsed library and spec files to the next one
  previousProgram = ts.createProgram([fileName], options, host, previousProgram);
  return ts.getPreEmitDiagnostics(previousProgram).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}
let previousProgram: ts.Program | undefined;

describe('README tutorial', () => {
  jest.setTimeout(60_000);
  const source = blockAfter('tutorial-platform');
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'readme-tutorial-'));
  let platform = '';

  beforeAll(() => {
    if (!fs.existsSync(MAIN)) throw new Error('lib/main.js is missing: run `npm run build` (npm test does it first)');
  });

  afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

  test('the platform as printed type-checks against charts/spec.ts', () => {
    expect(source).toMatch(/from '\.\.\/charts\/spec'/);
    expect(typeErrors('readme-tutorial.ts', source)).toEqual([]);
  });

  test('a required field left out is a type error (the check can fail)', () => {
    const withoutNamespace = source.replace(/^\s*namespace: '[^']*',\n/m, '');
    expect(withoutNamespace).not.toBe(source);
    expect(typeErrors('readme-tutorial.ts', withoutNamespace).join('\n')).toMatch(/'namespace' is missing/);
  });

  test('it synthesizes dev, staging and prod through the CLI', () => {
    const module = path.join(out, 'platform.js');
    fs.writeFileSync(module, ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText);
    const r = spawnSync(process.execPath, [MAIN, '--spec-module', module, '--outdir', path.join(out, 'dist')], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    [platform] = fs.readdirSync(path.join(out, 'dist'));
    expect(fs.readdirSync(path.join(out, 'dist', platform)).sort()).toEqual(['dev', 'prod', 'staging']);
  });

  test('the Secrets table lists exactly the Secrets the manifests reference, with their keys and environments', () => {
    expect(platform).not.toBe('');
    const found = new Map<string, { keys: string[]; envs: string[] }>();
    const texts: string[] = [];
    for (const env of ['dev', 'staging', 'prod']) {
      const dir = path.join(out, 'dist', platform, env);
      for (const ref of referencedSecrets(readEnvironment(dir).map((m) => m.object))) {
        const entry = found.get(ref.name) ?? { keys: ref.keys, envs: [] };
        expect(entry.keys).toEqual(ref.keys);
        entry.envs.push(env);
        found.set(ref.name, entry);
      }
      texts.push(...fs.readdirSync(dir).map((f) => fs.readFileSync(path.join(dir, f), 'utf8')));
    }
    const expected = new Map([...found].map(([name, e]) => [name, `${e.keys.join(', ')} | ${e.envs.join(', ')}`]));
    const listed = tableAfter('tutorial-secrets');
    expect([...listed].sort()).toEqual([...expected].sort());
    // each listed name really is in the output, as a Secret name
    for (const name of listed.keys()) expect(texts.join('\n')).toMatch(new RegExp(`(name|secretName): ${name}\\n`));
  });
});
