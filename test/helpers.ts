import { ChildProcess, spawnSync } from 'child_process';
import { createServer } from 'net';
import { synthEnvironment } from '../charts/platform';
import { PlatformDefinition, PlatformSpec } from '../charts/spec';
import { PLATFORMS } from '../platforms';

export type K8sObject = Record<string, any>;

/**
 * Synthesis is deterministic, and a test file asks for the same platform many times: each result
 * is kept for the file (jest gives every file its own modules) and every caller gets its own copy
 * to change. A synth that throws is not kept.
 */
const synthesized = new Map<string, Map<string, K8sObject[]>>();
function once(key: string, synth: () => Map<string, K8sObject[]>): Map<string, K8sObject[]> {
  let files = synthesized.get(key);
  if (!files) synthesized.set(key, files = synth());
  return structuredClone(files);
}

/** All objects of one shipped platform environment, by chart file stem. */
export function synthShipped(platform: string, env: string): Map<string, K8sObject[]> {
  const def = PLATFORMS.find((p) => p.name === platform);
  if (!def) throw new Error(`no shipped platform ${platform}`);
  return once(JSON.stringify(['shipped', platform, env]), () => byFile(synthEnvironment(def, env)));
}

/** Synthesizes an ad-hoc spec as a platform "test" with a single environment "test". */
export function synthSpec(spec: PlatformSpec): Map<string, K8sObject[]> {
  const def: PlatformDefinition = { name: 'test', description: 'test', base: spec, environments: { test: {} } };
  return once(JSON.stringify(['spec', spec]), () => byFile(synthEnvironment(def, 'test')));
}

export function allObjects(files: Map<string, K8sObject[]>): K8sObject[] {
  return [...files.values()].flat();
}

/** The one object of a kind and name; fails the test with the names present when missing. */
export function find(objects: K8sObject[], kind: string, name: string): K8sObject {
  const hit = objects.find((o) => o.kind === kind && o.metadata?.name === name);
  if (!hit) {
    const present = objects.filter((o) => o.kind === kind).map((o) => o.metadata?.name);
    throw new Error(`no ${kind}/${name}; present: ${present.join(', ') || 'none'}`);
  }
  return hit;
}

function byFile(m: ReturnType<typeof synthEnvironment>): Map<string, K8sObject[]> {
  return new Map(m.files.map((f) => [f.file, f.objects as K8sObject[]]));
}

/**
 * A program the tests run, from Debian's packages: fails (never skips) with the install line when
 * it is missing. `npm run setup` installs them when run as root.
 */
export function requireTool(command: string, debianPackage: string, versionArgs: string[] = ['--version']): void {
  const r = spawnSync(command, versionArgs, { stdio: 'ignore' });
  if (r.error || r.status !== 0) {
    throw new Error(`${command} is not installed: apt-get install -y ${debianPackage} (as root, \`npm run setup\` installs it)`);
  }
}

/** A TCP port on 127.0.0.1 that nothing listens on right now, for a real server a test starts. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Kills the servers a test started and waits until each has exited: a process that is still
 * writing into the test's folder (a sentinel rewriting its config) makes removing that folder fail.
 */
export async function killAndWait(procs: ChildProcess[]): Promise<void> {
  await Promise.all(procs.map((p) => {
    if (p.exitCode !== null || p.signalCode !== null) return undefined;
    const exited = new Promise<void>((done) => p.once('exit', () => done()));
    p.kill('SIGKILL');
    return exited;
  }));
}

/** `promise`, or a rejection with `message` after `ms`; the timer never outlives the wait. */
export async function within<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(message)), ms); });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}
