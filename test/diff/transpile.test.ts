import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ts from 'typescript';
import { transpileProject } from '../../diff/transpile';

/** A small project shaped like this one: rootDir ".", outDir "lib", isolatedModules, type-only imports. */
function project(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'transpile-'));
  const write = (rel: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  };
  write('tsconfig.json', JSON.stringify({
    compilerOptions: { target: 'ES2022', lib: ['ES2022'], module: 'commonjs', outDir: 'lib', rootDir: '.', strict: true, isolatedModules: true, esModuleInterop: true, types: [] },
    include: ['main.ts', 'charts/**/*.ts'],
  }));
  write('charts/spec.ts', 'export interface Spec { readonly name: string }\nexport const DEFAULT_NAME = "shop";\n');
  write('charts/render.ts', "import { Spec } from './spec';\nexport enum Kind { Data = 1, Service }\nexport function render(s: Spec): string { return `${s.name}:${Kind.Service}`; }\n");
  write('main.ts', "import * as path from 'path';\nimport { DEFAULT_NAME } from './charts/spec';\nimport { render } from './charts/render';\nexport const out = render({ name: DEFAULT_NAME }) + path.sep;\n");
  write('test/ignored.ts', 'this is not TypeScript and is not included');
  return dir;
}

describe('transpileProject', () => {
  test('emits, for every file tsconfig includes, the JavaScript tsc emits', () => {
    const dir = project();
    expect(transpileProject(dir)).toBe(3);
    const emitted = new Map<string, string>();
    const config = ts.parseJsonConfigFileContent(JSON.parse(fs.readFileSync(path.join(dir, 'tsconfig.json'), 'utf8')), ts.sys, dir);
    ts.createProgram(config.fileNames, config.options).emit(undefined, (file, text) => emitted.set(path.relative(dir, file), text));
    expect([...emitted.keys()].sort()).toEqual(['lib/charts/render.js', 'lib/charts/spec.js', 'lib/main.js']);
    for (const [rel, text] of emitted) expect(fs.readFileSync(path.join(dir, rel), 'utf8')).toBe(text);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    expect(require(path.join(dir, 'lib', 'main.js')).out).toBe(`shop:2${path.sep}`);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('a checkout without tsconfig.json fails with TypeScript\'s message', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'transpile-'));
    expect(() => transpileProject(dir)).toThrow(/tsconfig\.json/);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
