import * as fs from 'fs';
import * as path from 'path';
import { writeCacheFile } from '../../validation/cache-file';
import { tempDir } from '../temp-dirs';

describe('writeCacheFile', () => {
  test('creates the folder, then replaces the file whole', () => {
    const file = path.join(tempDir('cache-file-'), 'a', 'b', 'entry.json');
    expect(writeCacheFile(file, '{"v":1}')).toBe(true);
    expect(writeCacheFile(file, Buffer.from('{"v":2}'))).toBe(true);
    expect(fs.readFileSync(file, 'utf8')).toBe('{"v":2}');
    expect(fs.readdirSync(path.dirname(file))).toEqual(['entry.json']);
  });

  test('a file it cannot replace: false, the old content stays, no temporary file is left', () => {
    const dir = tempDir('cache-file-');
    // a folder where the file should go: the rename fails
    const file = path.join(dir, 'entry.json');
    fs.mkdirSync(path.join(file, 'inside'), { recursive: true });
    expect(writeCacheFile(file, 'x')).toBe(false);
    expect(fs.readdirSync(dir)).toEqual(['entry.json']);
    expect(fs.statSync(file).isDirectory()).toBe(true);
  });
});
