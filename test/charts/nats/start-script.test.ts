import { ChildProcess, spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { find, freePort, requireTool, synthSpec, killAndWait } from '../../helpers';
import { NatsClient } from '../../cluster/clients/nats';
import { natsPlatform, pinnedNatsServer } from './fixtures';

/**
 * The start script of a NATS server with generated accounts, run as the pod runs it (BusyBox sh,
 * od, tr and sed; the pinned nats-server) with Secret values that NATS reads as something other
 * than a string when they reach nats.conf as bare variables: each user must log in with the exact
 * bytes of its Secret. The same values given to nats-server without the script must break it, or
 * the test proves nothing.
 */

jest.setTimeout(60_000);

const TRICKY = [
  '720eb7a67601f66bceec93e6a32dec9f', // `openssl rand -hex 16`: a number with an exponent, then garbage
  '47k5uMy5dcvmavKC0korDvl4vo1r3q5b', // a size (47k), then garbage
  '12345678', 'true', '2026-01-01', 'pass word #1', '$HOME', 'q"uo\\te', 'ends with a newline\n', 'ünï€',
];

// enough services for every value to be somebody's password
const services = Object.fromEntries(TRICKY.map((_, i) => [`svc${i}`, {
  image: 'svc:1', ports: { http: { port: 8080 } }, talksTo: ['nats'], natsPublishes: ['orders.created'],
}]));
const objects = synthSpec(natsPlatform({ streams: { ORDERS: { subjects: ['orders.*'] } } }, { services })).get('nats')!;
const config = find(objects, 'ConfigMap', 'nats-config').data;
const container = find(objects, 'StatefulSet', 'nats').spec.template.spec.containers[0];
const secretEnv: string[] = container.env.filter((e: any) => e.valueFrom?.secretKeyRef).map((e: any) => e.name);
const secretValues = Object.fromEntries(secretEnv.map((name, i) => [name, TRICKY[i % TRICKY.length]]));

let dir: string;
let busybox: string;
const procs: ChildProcess[] = [];

beforeAll(() => {
  requireTool('busybox', 'busybox-static', ['true']);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nats-start-'));
  // BusyBox's applets first on PATH, as in the image, then the pinned nats-server
  fs.mkdirSync(path.join(dir, 'bin'));
  busybox = spawnSync('sh', ['-c', 'command -v busybox'], { encoding: 'utf8' }).stdout.trim();
  for (const applet of ['od', 'tr', 'sed']) fs.symlinkSync(busybox, path.join(dir, 'bin', applet));
  fs.symlinkSync(pinnedNatsServer(), path.join(dir, 'bin', 'nats-server'));
});

afterAll(async () => {
  await killAndWait(procs);
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** nats.conf on a free loopback port with its files under `dir`; returns the port. */
async function localConf(name: string): Promise<{ file: string; port: number }> {
  const port = await freePort();
  const file = path.join(dir, `${name}.conf`);
  fs.mkdirSync(path.join(dir, name));
  fs.writeFileSync(file, config['nats.conf']
    .replace(/^port: \d+$/m, `port: ${port}`)
    .replace(/^http_port: \d+$/m, 'http_port: -1')
    .replace(/^pid_file: .*$/m, `pid_file: "${path.join(dir, name, 'nats.pid')}"`)
    .replace(/store_dir: .*$/m, `store_dir: "${path.join(dir, name)}"`));
  return { file, port };
}

function start(args: string[], env: Record<string, string>): ChildProcess {
  const p = spawn(args[0], args.slice(1), {
    env: { PATH: `${path.join(dir, 'bin')}:/usr/bin:/bin`, POD_NAME: 'nats-0', NATS_LISTEN_HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  procs.push(p);
  return p;
}

async function connects(port: number, user: string, password: string): Promise<boolean> {
  for (const deadline = Date.now() + 15_000; ;) {
    try {
      (await NatsClient.connect('127.0.0.1', port, 2000, { user, password })).close();
      return true;
    } catch (err) {
      // refused while the server starts; closed after -ERR 'Authorization Violation'
      if (!/ECONNREFUSED/.test(String(err)) || Date.now() > deadline) return false;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

test('every user logs in with the exact bytes of its Secret, and a wrong password is refused', async () => {
  expect(container.command).toEqual(['sh', '/etc/nats/start-nats.sh']);
  const { file, port } = await localConf('scripted');
  const script = path.join(dir, 'start-nats.sh');
  fs.writeFileSync(script, config['start-nats.sh'].replace('/etc/nats/nats.conf', file));
  start([busybox, 'sh', script], secretValues);

  const users: Array<[string, string]> = [
    ['system', secretValues.NATS_SYSTEM_PASSWORD],
    [secretValues.NATS_STREAM_ADMIN_USER, secretValues.NATS_STREAM_ADMIN_PASSWORD],
    ...TRICKY.map((_, i): [string, string] => [`svc${i}`, secretValues[`NATS_PASSWORD_SVC${i}`]]),
  ];
  expect(users.every(([u, p]) => u !== undefined && p !== undefined)).toBe(true);
  expect(new Set(users.map(([, p]) => p))).toEqual(new Set(TRICKY));
  const results = [];
  for (const [user, password] of users) results.push([user, await connects(port, user, password)]);
  expect(results).toEqual(users.map(([user]) => [user, true]));
  const [newlineUser, newlinePassword] = users.find(([, p]) => p.endsWith('\n'))!;
  expect(await connects(port, newlineUser, newlinePassword.trimEnd())).toBe(false);
  expect(await connects(port, 'svc0', 'wrong')).toBe(false);
});

test('without the script the same Secret values break the server', async () => {
  const { file } = await localConf('bare');
  const p = start(['nats-server', '--config', file], secretValues);
  let stderr = '';
  p.stderr!.on('data', (d) => { stderr += String(d); });
  const code = await new Promise<number | null>((resolve) => p.on('exit', resolve));
  expect(code).not.toBe(0);
  expect(stderr).toMatch(/could not be parsed|Parse error/);
});
