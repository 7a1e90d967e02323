import * as fs from 'fs';
import * as path from 'path';

/**
 * Replaces output directories as a unit: every file is written to a staging directory next to
 * the target first, then each target directory is swapped in with renames. Nothing touches the
 * target until all content exists, so a failed synth (which throws before this is called, or
 * while staging) leaves the previous output as it was.
 */
export function writeTreeAtomically(root: string, files: ReadonlyMap<string, string>, replaceDirs: readonly string[]): void {
  // the staging folder sits beside root (renames stay on one file system): create root's parents
  fs.mkdirSync(path.dirname(path.resolve(root)), { recursive: true });
  const staging = fs.mkdtempSync(path.join(path.dirname(path.resolve(root)), `.${path.basename(root)}-staging-`));
  try {
    for (const [rel, content] of files) {
      const target = path.join(staging, rel);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, content);
    }
    const trash = path.join(staging, '.replaced');
    fs.mkdirSync(trash);
    replaceDirs.forEach((dir, i) => {
      const current = path.join(root, dir);
      const next = path.join(staging, dir);
      fs.mkdirSync(path.dirname(current), { recursive: true });
      if (fs.existsSync(current)) fs.renameSync(current, path.join(trash, String(i)));
      if (fs.existsSync(next)) fs.renameSync(next, current);
    });
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

/** Every file under `dir`, relative, sorted; empty when the directory does not exist. */
export function listFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(child); else out.push(child);
    }
  };
  walk('');
  return out.sort();
}
