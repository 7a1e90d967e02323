import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Manifests } from '../manifests';

const PROJECT_ROOT = path.resolve(__dirname, '..', '..', fs.existsSync(path.resolve(__dirname, '..', '..', 'package.json')) ? '' : '..');

/**
 * The synthesized manifests of one platform environment: `$LIVE_DIST/<platform>/<env>` or
 * dist/<platform>/<env>. Fails naming the file when the component's file is missing.
 */
export function loadEnvironment(platform: string, env: string, componentFile: string): Manifests {
  const root = process.env.LIVE_DIST ? path.resolve(process.env.LIVE_DIST) : path.join(PROJECT_ROOT, 'dist');
  const dir = path.join(root, platform, env);
  const file = path.join(dir, `${componentFile}.k8s.yaml`);
  if (!fs.existsSync(file)) {
    throw new Error(`${file} does not exist: the ${componentFile} component produced nothing for ${platform}/${env}, or dist/ is stale (run \`npm run synth\`, or set LIVE_DIST to a folder synthesized with --outdir)`);
  }
  return Manifests.load(dir);
}

export interface Mutation {
  /** Component file stem, e.g. "redis". */
  readonly file: string;
  /** Exact text to replace, and its replacement; every occurrence is replaced. */
  readonly from: string | RegExp;
  readonly to: string;
}

/**
 * A temporary copy of an environment's manifests with one text mutation applied, for the tests
 * that prove a scenario fails when the component is broken. Throws when the text is not found
 * (the component changed: the proof must be updated, not silently pass).
 */
export function mutatedCopy(source: Manifests, mutation: Mutation): { manifests: Manifests; dispose: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `live-${process.pid.toString(36)}-mutated-`));
  for (const f of fs.readdirSync(source.source).filter((n) => n.endsWith('.yaml'))) {
    let text = fs.readFileSync(path.join(source.source, f), 'utf8');
    if (f === `${mutation.file}.k8s.yaml`) {
      const before = text;
      text = typeof mutation.from === 'string' ? text.split(mutation.from).join(mutation.to) : text.replace(mutation.from, mutation.to);
      if (text === before) throw new Error(`mutation: ${String(mutation.from)} not found in ${f}; update the proof to the component's current output`);
    }
    fs.writeFileSync(path.join(dir, f), text);
  }
  return { manifests: Manifests.load(dir), dispose: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** Runs `fn` and returns the error it throws; fails when it does not throw. */
export async function expectFailure(fn: () => Promise<unknown>): Promise<Error> {
  try {
    await fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('the scenario passed although the component was broken on purpose');
}
