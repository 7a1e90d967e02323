import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { tempDir } from './temp-dirs';

const ROOT = path.join(__dirname, '..');

/**
 * The project's compiler settings must not emit JavaScript after a type error: `npm run synth`
 * and `cdk8s synth` would otherwise render the stale or broken output.
 */
describe('tsconfig.json', () => {
  test('a type error fails the build and emits nothing', () => {
    const dir = tempDir('tsconfig-test-');
    fs.writeFileSync(path.join(dir, 'bad.ts'), "export const replicas: number = 'three';\n");
    fs.writeFileSync(path.join(dir, 'good.ts'), 'export const replicas = 3;\n');
    fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({
      extends: path.join(ROOT, 'tsconfig.json'),
      compilerOptions: { rootDir: dir, outDir: path.join(dir, 'out'), incremental: false, typeRoots: [path.join(ROOT, 'node_modules', '@types')] },
      include: [path.join(dir, '*.ts')],
      exclude: [],
    }));
    const r = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', path.join(dir, 'tsconfig.json')], { encoding: 'utf8' });
    expect(r.stdout).toMatch(/bad\.ts.*error TS2322/);
    expect(r.status).not.toBe(0);
    expect(fs.existsSync(path.join(dir, 'out'))).toBe(false);
  });
});
