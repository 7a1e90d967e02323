import { ChildProcess, spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import { sleep } from '../pods';

/** The psql client the tests use (from the postgresql-client package). */
export function psqlBinary(): string {
  const pinned = '/usr/lib/postgresql/15/bin/psql';
  if (fs.existsSync(pinned)) return pinned;
  if (spawnSync('psql', ['--version']).status === 0) return 'psql';
  throw new Error('psql is not installed: apt-get install -y postgresql-client (the tests never skip)');
}

export interface PgTarget {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password: string;
  readonly database: string;
}

/** Runs SQL with psql and returns the rows as arrays of strings (fields split on "|"); throws with psql's message. */
export function query(t: PgTarget, sql: string, timeoutMs = 15_000): Promise<string[][]> {
  return new Promise((resolve, reject) => {
    const child = spawn(psqlBinary(), ['-X', '-A', '-t', '-q', '-v', 'ON_ERROR_STOP=1', '-h', t.host, '-p', String(t.port), '-U', t.user, '-d', t.database, '-c', sql], {
      env: { PGPASSWORD: t.password, PGCONNECT_TIMEOUT: '5', PATH: process.env.PATH ?? '/usr/bin:/bin' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (c) => { out += c; });
    child.stderr.on('data', (c) => { err += c; });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(out.split('\n').filter((l) => l.length > 0).map((l) => l.split('|')));
      else reject(new Error(`psql ${t.user}@${t.host}:${t.port}/${t.database} "${sql.slice(0, 80)}": ${err.trim() || `exit ${code}`}`));
    });
  });
}

/**
 * Inserts rows with increasing ids, one transaction each, through one psql session at a time
 * (a new session when the previous one breaks). An id counts as committed only when the
 * server's answer (RETURNING) arrived: that is the acknowledgement an application gets.
 */
export class Writer {
  readonly committed = new Set<number>();
  readonly errors: string[] = [];
  private next = 1;
  private running = false;
  private child?: ChildProcess;
  private loop?: Promise<void>;
  lastCommitAt = 0;
  /** Statements the server (or PgBouncer) answered with an error, or whose session broke before an answer. */
  failures = 0;
  /** The longest time between two acknowledgements since the last resetGap(), and when it ended. */
  longestGapMs = 0;
  longestGapEndedAt = 0;

  resetGap(): void {
    this.longestGapMs = 0;
    this.longestGapEndedAt = 0;
  }

  /** holdMs: each transaction also waits this long inside the server, like an application's real work. */
  constructor(private readonly target: PgTarget, private readonly table: string, private readonly holdMs = 0) {}

  start(): void {
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.child?.stdin?.end();
    await Promise.race([this.loop, sleep(3000)]);
    this.child?.kill('SIGKILL');
    await this.loop;
  }

  /** Resolves when `n` more rows have been committed (or rejects after timeoutMs). */
  async waitForCommits(n: number, timeoutMs: number): Promise<number> {
    const goal = this.committed.size + n;
    const started = Date.now();
    while (this.committed.size < goal) {
      if (Date.now() - started > timeoutMs) throw new Error(`only ${this.committed.size - (goal - n)} of ${n} writes committed in ${timeoutMs} ms; last errors: ${this.errors.slice(-3).join(' | ')}`);
      await sleep(50);
    }
    return Date.now() - started;
  }

  private async run(): Promise<void> {
    const t = this.target;
    while (this.running) {
      const child = spawn('stdbuf', ['-oL', psqlBinary(), '-X', '-A', '-t', '-q', '-h', t.host, '-p', String(t.port), '-U', t.user, '-d', t.database], {
        env: { PGPASSWORD: t.password, PGCONNECT_TIMEOUT: '5', PATH: process.env.PATH ?? '/usr/bin:/bin' },
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      this.child = child;
      let pending: ((ok: boolean) => void) | undefined;
      let buffer = '';
      child.stdout!.on('data', (c) => {
        buffer += c;
        let nl: number;
        while ((nl = buffer.indexOf('\n')) >= 0) {
          const line = buffer.slice(0, nl).trim();
          buffer = buffer.slice(nl + 1);
          if (/^\d+$/.test(line)) {
            const now = Date.now();
            if (this.lastCommitAt > 0 && now - this.lastCommitAt > this.longestGapMs) {
              this.longestGapMs = now - this.lastCommitAt;
              this.longestGapEndedAt = now;
            }
            this.committed.add(Number(line));
            this.lastCommitAt = now;
            pending?.(true);
          }
        }
      });
      child.stderr!.on('data', (c) => {
        // PgBouncer tells a client that waits for a server connection with a NOTICE: not a failure
        const text = String(c).split('\n').filter((l) => l.trim() && !/^(psql:[^:]*:\d+: )?NOTICE:/.test(l.trim())).join('\n');
        if (!text) return;
        this.errors.push(`${new Date().toISOString()} ${text.trim()}`);
        if (this.errors.length > 50) this.errors.shift();
        pending?.(false);
      });
      const exited = new Promise<void>((r) => child.on('close', () => { pending?.(false); r(); }));
      child.stdin!.on('error', () => undefined);
      while (this.running && child.exitCode === null) {
        const id = this.next++;
        const answered = new Promise<boolean>((r) => { pending = r; });
        child.stdin!.write(this.holdMs > 0
          ? `INSERT INTO ${this.table} (id) SELECT ${id} FROM pg_sleep(${this.holdMs / 1000}) RETURNING id;\n`
          : `INSERT INTO ${this.table} (id) VALUES (${id}) RETURNING id;\n`);
        const ok = await Promise.race([answered, exited.then(() => false)]);
        pending = undefined;
        if (!ok && this.running) this.failures++;
        if (!ok) break;
        await sleep(5);
      }
      child.stdin!.end();
      await Promise.race([exited, sleep(2000)]);
      if (child.exitCode === null) child.kill('SIGKILL');
      if (this.running) await sleep(200);
    }
  }
}
