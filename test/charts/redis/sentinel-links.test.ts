import { ChildProcess, spawn, spawnSync } from 'child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { freePort, requireTool, killAndWait } from '../../helpers';

/**
 * What the write fence of start-redis.sh relies on, against the real programs: a redis-server and
 * three redis-sentinel on loopback. While writes are paused (CLIENT PAUSE WRITE), a sentinel's
 * PING replies stop (its PUBLISH of hello messages waits behind the pause, the PINGs behind it),
 * so the age of its last PING reply cannot show that it reaches the paused master; its command
 * link, named after its id in the master's CLIENT LIST, can.
 */

jest.setTimeout(30_000);

let dir: string;
const procs: ChildProcess[] = [];
const ports: Record<string, number> = {};
const SENTINELS = ['s0', 's1', 's2'];

function cli(port: number, ...args: string[]): string {
  const r = spawnSync('redis-cli', ['-h', '127.0.0.1', '-p', String(port), '--raw', ...args], { encoding: 'utf8', timeout: 3000 });
  return r.status === 0 ? r.stdout : '';
}

/** SENTINEL MASTER of one sentinel as a field -> value map. */
function view(port: number): Record<string, string> {
  const lines = cli(port, 'SENTINEL', 'master', 'm').trimEnd().split('\n');
  return Object.fromEntries(lines.flatMap((l, i) => (i % 2 === 0 ? [[l, lines[i + 1]]] : [])));
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  requireTool('redis-server', 'redis-server');
  requireTool('redis-sentinel', 'redis-sentinel');
  requireTool('redis-cli', 'redis-tools');
  dir = mkdtempSync(join(tmpdir(), 'redis-sentinel-links-'));
  for (const name of ['master', ...SENTINELS]) ports[name] = await freePort();
  procs.push(spawn('redis-server', ['--port', String(ports.master), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' }));
  for (const name of SENTINELS) {
    const conf = join(dir, `${name}.conf`);
    writeFileSync(conf, [`port ${ports[name]}`, 'bind 127.0.0.1', `dir ${dir}`,
      `sentinel monitor m 127.0.0.1 ${ports.master} 2`, 'sentinel down-after-milliseconds m 5000'].join('\n') + '\n');
    procs.push(spawn('redis-sentinel', [conf], { stdio: 'ignore' }));
  }
  // every sentinel linked and answered
  for (const deadline = Date.now() + 10_000; ;) {
    const linked = SENTINELS.every((s) => cli(ports.master, 'CLIENT', 'LIST').includes(`name=sentinel-${cli(ports[s], 'SENTINEL', 'MYID').trim().slice(0, 8)}-cmd`));
    if (linked && SENTINELS.every((s) => view(ports[s])['last-ok-ping-reply'] !== undefined)) break;
    if (Date.now() > deadline) throw new Error('the sentinels did not link to the master in 10 s');
    await sleep(200);
  }
});

afterAll(async () => {
  await killAndWait(procs);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('paused, the sentinels stop getting PING replies but stay linked by their ids', async () => {
  expect(cli(ports.master, 'CLIENT', 'PAUSE', '20000', 'WRITE').trim()).toBe('OK');
  try {
    // a hello is published every 2 s: 4.5 s on, each sentinel's PINGs have waited behind one for
    // 1.5 s at least (the fence's old test of a sentinel reaching the master)
    await sleep(4500);
    for (const s of SENTINELS) expect(Number(view(ports[s])['last-ok-ping-reply'])).toBeGreaterThan(1500);
    const links = cli(ports.master, 'CLIENT', 'LIST').split(/\s+/).flatMap((f) => /^name=sentinel-([0-9a-f]+)-cmd$/.exec(f)?.[1] ?? []);
    expect(links.sort()).toEqual(SENTINELS.map((s) => cli(ports[s], 'SENTINEL', 'MYID').trim().slice(0, 8)).sort());
  } finally {
    cli(ports.master, 'CLIENT', 'UNPAUSE');
  }
});
