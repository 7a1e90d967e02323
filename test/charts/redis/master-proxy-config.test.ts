import { ChildProcess, spawn, spawnSync } from 'child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { Socket } from 'net';
import { tmpdir } from 'os';
import { join } from 'path';
import { haproxyConfig, ProxyLayout } from '../../../charts/redis/master-proxy-config';
import { freePort, requireTool, killAndWait, within } from '../../helpers';

/**
 * The generated haproxy.cfg against the real programs: two redis-server (a master and its
 * replica), three redis-sentinel and haproxy on loopback, all with a password that needs quoting.
 * The proxy must reach the master the sentinels name, never a second master, follow a failover
 * (and cut the connections to the old master), and refuse clients when no sentinel answers.
 */

jest.setTimeout(90_000);

const PASSWORD = 'p@ss w0rd"x\\y';
const SET = 'mymaster';
const confQuote = (v: string) => `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

let dir: string;
const procs: ChildProcess[] = [];
const ports: Record<string, number> = {};


function start(command: string, args: string[], env: Record<string, string> = {}): ChildProcess {
  const p = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  p.stderr!.on('data', (d) => { stderr += String(d); });
  p.on('exit', (code) => { if (code && code !== 0 && !p.killed) console.error(`${command} exited ${code}: ${stderr}`); });
  procs.push(p);
  return p;
}

/** A command through redis-cli; '' when the connection is refused or closed. */
function cli(port: number, ...args: string[]): string {
  const r = spawnSync('redis-cli', ['-h', '127.0.0.1', '-p', String(port), '--raw', ...args],
    { encoding: 'utf8', env: { ...process.env, REDISCLI_AUTH: PASSWORD }, timeout: 3000 });
  return r.status === 0 ? r.stdout : '';
}

/** The port of the data pod a new connection through the proxy reaches, or undefined when refused. */
function reachedPort(): number | undefined {
  const m = /tcp_port:(\d+)/.exec(cli(ports.proxy, 'INFO', 'server'));
  return m ? Number(m[1]) : undefined;
}

async function waitFor<T>(what: string, probe: () => T | undefined, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v !== undefined && v !== null && (v as unknown) !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The servers beforeAll starts, and the listening ports of the first proxy. */
function layoutOf(): ProxyLayout {
  return {
    masterSet: SET,
    data: ['a', 'b'].map((n) => ({ name: `redis-${n}`, host: '127.0.0.1', port: ports[n], announced: { host: '127.0.0.1', port: ports[n] } })),
    sentinels: ['s0', 's1', 's2'].map((n) => ({ name: n, host: '127.0.0.1', port: ports[n] })),
    bind: { redis: `127.0.0.1:${ports.proxy}`, metrics: `127.0.0.1:${ports.metrics}` },
    dnsResolution: false,
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  for (const tool of ['redis-server', 'redis-sentinel']) requireTool(tool, tool);
  requireTool('redis-cli', 'redis-tools');
  requireTool('haproxy', 'haproxy', ['-v']);
  dir = mkdtempSync(join(tmpdir(), 'redis-master-proxy-'));
  for (const name of ['a', 'b', 's0', 's1', 's2', 'proxy', 'metrics']) ports[name] = await freePort();

  for (const name of ['a', 'b']) {
    const conf = join(dir, `${name}.conf`);
    writeFileSync(conf, [
      `port ${ports[name]}`, 'bind 127.0.0.1', `dir ${dir}`, 'save ""', 'appendonly no',
      // a full sync starts at once instead of after Redis' default 5 s wait for more replicas
      `dbfilename ${name}.rdb`, 'repl-diskless-sync-delay 0',
      `requirepass ${confQuote(PASSWORD)}`, `masterauth ${confQuote(PASSWORD)}`,
      ...(name === 'b' ? [`replicaof 127.0.0.1 ${ports.a}`] : []),
    ].join('\n') + '\n');
    start('redis-server', [conf]);
  }
  // Sentinel learns a master's replicas from its INFO, asked at once on connecting and then every
  // 10 s: started after the replica has synced, the sentinels know it from their first INFO
  await waitFor('the replica to sync', () => /master_link_status:up/.test(cli(ports.b, 'INFO', 'replication')));
  for (const name of ['s0', 's1', 's2']) {
    const conf = join(dir, `${name}.conf`);
    writeFileSync(conf, [
      `port ${ports[name]}`, 'bind 127.0.0.1', `dir ${dir}`,
      `sentinel monitor ${SET} 127.0.0.1 ${ports.a} 2`,
      `sentinel down-after-milliseconds ${SET} 1000`,
      `sentinel failover-timeout ${SET} 5000`,
      `sentinel auth-pass ${SET} ${confQuote(PASSWORD)}`,
      `sentinel sentinel-pass ${confQuote(PASSWORD)}`,
      `requirepass ${confQuote(PASSWORD)}`,
    ].join('\n') + '\n');
    start('redis-sentinel', [conf]);
  }
  const cfg = join(dir, 'haproxy.cfg');
  writeFileSync(cfg, haproxyConfig(layoutOf()));
  const check = spawnSync('haproxy', ['-c', '-f', cfg], { encoding: 'utf8', env: { ...process.env, REDIS_PASSWORD: PASSWORD } });
  expect({ status: check.status, output: check.stdout + check.stderr }).toEqual({ status: 0, output: expect.any(String) });
  start('haproxy', ['-f', cfg], { REDIS_PASSWORD: PASSWORD });
});

afterAll(async () => {
  await killAndWait(procs);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('routes to the master the sentinels name', async () => {
  expect(await waitFor('the proxy to reach a master', reachedPort)).toBe(ports.a);
  expect(cli(ports.proxy, 'SET', 'k', 'v').trim()).toBe('OK');
  const metrics = await (await fetch(`http://127.0.0.1:${ports.metrics}/metrics`)).text();
  expect(metrics).toMatch(/haproxy_backend_active_servers\{proxy="redis_master"\} 1/);
});

test('after a failover: connections to the old master are cut, new ones reach the new master', async () => {
  const held = new Socket();
  const closed = new Promise<void>((resolve) => held.on('close', () => resolve()));
  held.on('error', () => undefined);
  await new Promise<void>((resolve) => held.connect(ports.proxy, '127.0.0.1', () => resolve()));

  // the sentinels must have seen the replica before they can fail over to it
  let refusal = '';
  await waitFor('a sentinel to accept the failover', () => {
    refusal = cli(ports.s0, 'SENTINEL', 'failover', SET).trim();
    return refusal === 'OK' || undefined;
  }).catch((err) => {
    throw new Error(`${(err as Error).message}: last answer '${refusal}'; the replicas as the sentinel sees them:\n${cli(ports.s0, 'SENTINEL', 'replicas', SET)}`);
  });
  expect(await waitFor('the proxy to reach the new master', () => (reachedPort() === ports.b ? ports.b : undefined))).toBe(ports.b);
  await within(closed, 10_000, 'the connection to the old master stayed open');
  // never back to the old master once the new one is served
  for (let i = 0; i < 10; i++) {
    expect(reachedPort()).toBe(ports.b);
    await sleep(100);
  }
});

test('a pod that claims master is not served while the sentinels name another', async () => {
  // the old master is the first server in the configuration, so it would win any tie
  expect(cli(ports.a, 'REPLICAOF', 'NO', 'ONE').trim()).toBe('OK');
  const seen = new Set<number | undefined>();
  // well past the proxy's two-check rise time, before Sentinel turns the pod back into a replica
  for (let i = 0; i < 15; i++) {
    seen.add(reachedPort());
    await sleep(200);
  }
  expect([...seen]).toEqual([ports.b]);
  // Sentinel may have turned it back already ("OK Already connected to specified master")
  expect(cli(ports.a, 'REPLICAOF', '127.0.0.1', String(ports.b)).trim()).toMatch(/^OK/);
  await waitFor('the old master to sync as a replica', () => /master_link_status:up/.test(cli(ports.a, 'INFO', 'replication')));
});

test('a proxy that has just started serves no pod before its checks have run, and is not ready', async () => {
  // b is master and a a replica now; a is first in the configuration, where HAProxy, which starts
  // every checked server as up, would send the first clients
  const [redisPort, metricsPort] = [await freePort(), await freePort()];
  const cfg = join(dir, 'second.cfg');
  writeFileSync(cfg, haproxyConfig({ ...layoutOf(), bind: { redis: `127.0.0.1:${redisPort}`, metrics: `127.0.0.1:${metricsPort}` } }));
  start('haproxy', ['-f', cfg], { REDIS_PASSWORD: PASSWORD });
  const reached = new Set<number | undefined>();
  const readiness: number[] = [];
  for (const deadline = Date.now() + 5000; Date.now() < deadline;) {
    const port = /tcp_port:(\d+)/.exec(cli(redisPort, 'INFO', 'server'))?.[1];
    reached.add(port ? Number(port) : undefined);
    readiness.push(await fetch(`http://127.0.0.1:${metricsPort}/healthz`).then((r) => r.status, () => 0));
    await sleep(50);
  }
  expect([...reached].filter((p) => p !== undefined)).toEqual([ports.b]);
  // not ready (503) until the checks have had their time, then ready for good
  const firstReady = readiness.indexOf(200);
  expect(readiness.slice(0, firstReady).every((s) => s !== 200)).toBe(true);
  expect(readiness.slice(0, firstReady)).toContain(503);
  expect(readiness.slice(firstReady).every((s) => s === 200)).toBe(true);
});

test('no sentinel answering: clients are refused instead of guessed at', async () => {
  for (const p of procs.filter((p) => p.spawnargs[0] === 'redis-sentinel')) p.kill('SIGKILL');
  await waitFor('the proxy to refuse clients', () => (reachedPort() === undefined ? true : undefined), 10_000);
  const metrics = await (await fetch(`http://127.0.0.1:${ports.metrics}/metrics`)).text();
  expect(metrics).toMatch(/haproxy_frontend_denied_connections_total\{proxy="redis"\} [1-9]/);
});
