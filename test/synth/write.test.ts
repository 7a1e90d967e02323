import * as fs from 'fs';
import * as path from 'path';
import { listFiles, writeTreeAtomically } from '../../synth/write';
import { tempDir } from '../temp-dirs';

function tempRoot(): string {
  return tempDir('write-test-');
}

describe('writeTreeAtomically', () => {
  test('replaces owned folders and removes files no longer rendered', () => {
    const root = path.join(tempRoot(), 'dist');
    writeTreeAtomically(root, new Map([['p/dev/a.k8s.yaml', 'a1'], ['p/dev/b.k8s.yaml', 'b1'], ['q/dev/c.k8s.yaml', 'c1']]), ['p', 'q']);
    writeTreeAtomically(root, new Map([['p/dev/a.k8s.yaml', 'a2']]), ['p']);
    expect(listFiles(root)).toEqual(['p/dev/a.k8s.yaml', 'q/dev/c.k8s.yaml']);
    expect(fs.readFileSync(path.join(root, 'p/dev/a.k8s.yaml'), 'utf8')).toBe('a2');
  });

  test('leaves no staging folder behind', () => {
    const parent = tempRoot();
    writeTreeAtomically(path.join(parent, 'dist'), new Map([['p/dev/a.k8s.yaml', 'a']]), ['p']);
    expect(fs.readdirSync(parent)).toEqual(['dist']);
  });
});
