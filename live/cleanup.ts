import { execFileSync } from 'child_process';
import * as fs from 'fs';

/**
 * Everything a live run creates (processes, network namespaces, links, temp folders) registers
 * an undo step here. Steps run newest first on `runAll()` (the tests' afterAll) and, as a last
 * resort, synchronously when the test process exits or is interrupted.
 */
export class CleanupStack {
  private steps: Array<{ what: string; undo: () => void }> = [];

  push(what: string, undo: () => void): void {
    this.steps.push({ what, undo });
  }

  /** Runs every step, newest first; a failing step never stops the others. Returns the failures. */
  runAll(): string[] {
    const failures: string[] = [];
    while (this.steps.length > 0) {
      const step = this.steps.pop()!;
      try {
        step.undo();
      } catch (e) {
        failures.push(`${step.what}: ${(e as Error).message}`);
      }
    }
    return failures;
  }
}

const live = new Set<CleanupStack>();
let hooked = false;

/** Registers a stack for the exit/interrupt safety net. */
export function guard(stack: CleanupStack): void {
  live.add(stack);
  if (hooked) return;
  hooked = true;
  process.on('exit', () => {
    for (const s of live) s.runAll();
  });
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(sig, () => {
      for (const s of live) s.runAll();
      process.exit(130);
    });
  }
}

export function unguard(stack: CleanupStack): void {
  live.delete(stack);
}

/** Runs a command, returning stdout; throws with stderr on failure. */
export function sh(cmd: string, args: string[], opts: { input?: string; allowFail?: boolean } = {}): string {
  try {
    return execFileSync(cmd, args, { input: opts.input, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
  } catch (e) {
    if (opts.allowFail) return '';
    const err = e as { stderr?: string; message: string };
    throw new Error(`${cmd} ${args.join(' ')}: ${(err.stderr ?? '').trim() || err.message}`);
  }
}

/** SIGKILLs a process group, ignoring "no such process". */
export function killGroup(pid: number, signal: NodeJS.Signals = 'SIGKILL'): void {
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      /* already gone */
    }
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export function removeTree(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}
