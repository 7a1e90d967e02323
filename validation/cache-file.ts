import * as fs from 'fs';
import * as path from 'path';

/**
 * Replaces a cache file with `data`, write-then-rename, so a parallel reader (jest workers, two
 * synths) never sees half a file; its folder is created. A cache that cannot be written only costs
 * speed: false then, and no temporary file is left behind.
 */
export function writeCacheFile(file: string, data: string | NodeJS.ArrayBufferView): boolean {
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(tmp, data);
    fs.renameSync(tmp, file);
    return true;
  } catch {
    fs.rmSync(tmp, { force: true });
    return false;
  }
}
