import { ChildProcess, spawn, spawnSync } from 'child_process';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { redisContainer } from '../../../charts/redis/containers';
import { redisSettings } from '../../../charts/redis/settings';
import { freePort, requireTool, killAndWait } from '../../helpers';

/**
 * The data container's readiness probe, run as the kubelet would (sh -c) against real
 * redis-server processes: a master is ready; a replica only once its initial sync is done, so a
 * rolling update never moves on to the master while the restarted replica has no data.
 */

const procs: ChildProcess[] = [];
// a full sync writes an RDB file even with save points off: keep it out of the working tree
const dataDir = mkdtempSync(join(tmpdir(), 'redis-probe-'));
afterAll(async () => {
  await killAndWait(procs);
  rmSync(dataDir, { recursive: true, force: true });
});

function redisServer(port: number, ...args: string[]): void {
  const dir = mkdtempSync(join(dataDir, `${port}-`));
  procs.push(spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no', ...args], { stdio: 'ignore' }));
}

const settings = redisSettings({ namespace: 'ns' }, { passwordSecret: { name: 'r', key: 'password' }, storage: { size: '1Gi' } });
const probe = redisContainer(settings, 'IfNotPresent').readinessProbe!;

/** Exit status of the probe's command pointed at the given port. */
function ready(port: number): boolean {
  const [shell, flag, script] = probe.exec!.command!;
  expect(script).toContain('-p 6379');
  return spawnSync(shell, [flag, script.split('-p 6379').join(`-p ${port}`)], { timeout: 5000 }).status === 0;
}

async function eventually(what: string, cond: () => boolean): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

beforeAll(() => {
  requireTool('redis-server', 'redis-server');
  requireTool('redis-cli', 'redis-tools');
});

test('a master is ready; a replica only once its link to the master is up; nothing listening is not ready', async () => {
  const [master, replica, orphan, nothing] = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
  redisServer(master);
  // a replica whose master does not answer: it serves PING but has no data
  redisServer(orphan, '--replicaof', '127.0.0.1', String(nothing));
  await eventually('the master answering', () => ready(master));
  await eventually('the orphan replica answering PING', () => spawnSync('redis-cli', ['-p', String(orphan), 'PING'], { encoding: 'utf8' }).stdout.includes('PONG'));
  expect(ready(orphan)).toBe(false);
  expect(ready(nothing)).toBe(false);

  redisServer(replica, '--replicaof', '127.0.0.1', String(master));
  await eventually('the replica ready after its sync', () => ready(replica));
  // the master goes away: the replica's link is down, so it is not ready any more
  procs[0].kill('SIGKILL');
  await eventually('the replica unready once its master is gone', () => !ready(replica));
  expect(probe.periodSeconds).toBeLessThanOrEqual(5);
}, 60_000);
