import { spawnSync } from 'child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { redisConfTemplate, sentinelConfTemplate } from '../../../charts/redis/config';
import { SCRIPTS } from '../../../charts/redis/scripts';
import { redisSettings } from '../../../charts/redis/settings';

/**
 * Runs the start and preStop scripts under sh with stand-ins for redis-cli, redis-server and
 * redis-sentinel: redis-cli answers from a table (host + command -> reply) and logs every call,
 * so the tests see which decisions the scripts take and in which order they ask. Time is a fake
 * clock that only sleep advances, so deadlines do not depend on the machine's speed.
 */

const NS = 'ns';
const host = (pod: string) => `${pod}.redis-headless.${NS}.svc.cluster.local`;
const SENTINEL_SERVICE = `redis-sentinel.${NS}.svc.cluster.local`;
const PASSWORD = 'p@ss"w\\rd x';

interface Run { status: number | null; calls: string[]; stderr: string; exec: string; dir: string }

let dirs: string[] = [];
afterEach(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); dirs = []; });

/**
 * answers: lines "host|command|reply" (reply lines joined with "\n"); afterFailover: answers that
 * take precedence once a sentinel was asked for a failover (what the sentinels say afterwards).
 */
function run(script: string, pod: string, answers: string[], opts: { liveConf?: string; env?: Record<string, string>; afterFailover?: string[] } = {}): Run {
  const dir = mkdtempSync(join(tmpdir(), 'redis-scripts-'));
  dirs.push(dir);
  const bin = join(dir, 'bin');
  const config = join(dir, 'config');
  const data = join(dir, 'data');
  for (const d of [bin, config, data]) spawnSync('mkdir', ['-p', d]);
  const s = redisSettings({ namespace: NS }, { passwordSecret: { name: 'r', key: 'password' }, storage: { size: '1Gi' } });
  writeFileSync(join(config, 'redis.conf'), redisConfTemplate(s));
  writeFileSync(join(config, 'sentinel.conf'), sentinelConfTemplate(s));
  for (const [file, text] of Object.entries(SCRIPTS)) writeFileSync(join(config, file), text);
  writeFileSync(join(dir, 'answers'), answers.join('\n') + '\n');
  writeFileSync(join(dir, 'after'), (opts.afterFailover ?? []).join('\n') + '\n');
  if (opts.liveConf) writeFileSync(join(data, script === 'start-sentinel.sh' ? 'sentinel.conf' : 'redis.conf'), opts.liveConf);
  const stub = (name: string, body: string) => { writeFileSync(join(bin, name), `#!/bin/sh\n${body}\n`); chmodSync(join(bin, name), 0o755); };
  stub('redis-cli', [
    `echo "$*" >> "${dir}/calls"`,
    'h=127.0.0.1; while [ $# -gt 0 ]; do case "$1" in -h) h=$2; shift 2 ;; -p) shift 2 ;; --raw) shift ;; *) break ;; esac; done',
    `files="${dir}/answers"; grep -q 'SENTINEL failover' "${dir}/calls" && files="${dir}/after ${dir}/answers"`,
    `reply=$(cat $files | awk -F'|' -v key="$h|$*" '$1 "|" $2 == key { print $3; found = 1; exit } END { if (!found) exit 1 }') || { echo "Could not connect to Redis at $h" >&2; exit 1; }`,
    'printf "%b\\n" "$reply"',
  ].join('\n'));
  stub('redis-server', `echo "redis-server $*" > "${dir}/exec"`);
  stub('redis-sentinel', `echo "redis-sentinel $*" > "${dir}/exec"`);
  // a fake clock: sleep advances it at once and `date +%s` reads it, so every wait is exact
  writeFileSync(join(dir, 'clock'), '1000000\n');
  stub('sleep', `awk -v d="$1" '{ printf "%.1f\\n", $1 + d }' "${dir}/clock" > "${dir}/clock.next" && mv "${dir}/clock.next" "${dir}/clock"`);
  stub('date', `if [ "$1" = "+%s" ]; then awk '{ printf "%d\\n", $1 }' "${dir}/clock"; else PATH="${process.env.PATH}" exec date "$@"; fi`);
  const r = spawnSync('sh', [join(config, script)], {
    encoding: 'utf8',
    env: {
      PATH: `${bin}:${process.env.PATH}`,
      POD_NAME: pod, POD_NAMESPACE: NS, HEADLESS_SERVICE: 'redis-headless', SENTINEL_SERVICE: 'redis-sentinel',
      MASTER_SET: 'mymaster', REDIS_STATEFULSET: 'redis', REDIS_REPLICAS: '3', SENTINEL_STATEFULSET: 'redis-sentinel',
      SENTINEL_REPLICAS: '3', REDIS_PASSWORD: PASSWORD, CONFIG_DIR: config, DATA_DIR: data, SENTINEL_WAIT_SECONDS: '0', FENCE_SECONDS: '0',
      ...opts.env,
    },
  });
  const read = (f: string) => (existsSync(join(dir, f)) ? readFileSync(join(dir, f), 'utf8') : '');
  return { status: r.status, calls: read('calls').split('\n').filter(Boolean), stderr: r.stderr, exec: read('exec').trim(), dir };
}

const liveRedisConf = (r: Run) => readFileSync(join(r.dir, 'data', 'redis.conf'), 'utf8');
const sentinelsSay = (master: string) => ['redis-sentinel-0', 'redis-sentinel-1', 'redis-sentinel-2', null].map((p) =>
  `${p ? host(p) : SENTINEL_SERVICE}|SENTINEL get-master-addr-by-name mymaster|${host(master)}\\n6379`);

describe('start-redis.sh', () => {
  test('asks the sentinel Service first, then each sentinel, and follows the master they name', () => {
    const r = run('start-redis.sh', 'redis-0', sentinelsSay('redis-1'));
    expect(r.status).toBe(0);
    expect(r.calls[0]).toBe(`-h ${SENTINEL_SERVICE} -p 26379 --raw SENTINEL get-master-addr-by-name mymaster`);
    expect(r.calls.slice(1, 4)).toEqual([0, 1, 2].map((i) => `-h ${host(`redis-sentinel-${i}`)} -p 26379 --raw SENTINEL get-master-addr-by-name mymaster`));
    expect(r.stderr).toContain('starting as replica: the sentinels name');
    const conf = liveRedisConf(r);
    expect(conf).toContain(`replicaof ${host('redis-1')} 6379`);
    expect(conf).toContain(`replica-announce-ip ${host('redis-0')}`);
    expect(r.exec).toBe(`redis-server ${join(r.dir, 'data', 'redis.conf')}`);
  });

  test('starts as master when the sentinels name this pod, even if it is not pod 0', () => {
    const r = run('start-redis.sh', 'redis-2', sentinelsSay('redis-2'));
    expect(r.stderr).toContain('starting as master: the sentinels name this pod');
    expect(liveRedisConf(r)).not.toMatch(/^replicaof/m);
  });

  test('named master while the sentinels fail over from it (it stopped without a handover): waits, bounded', () => {
    // only the leader of a failover flags it in progress: every sentinel is asked, by name
    const view = (i: number, flags: string) =>
      `${host(`redis-sentinel-${i}`)}|SENTINEL master mymaster|name\\nmymaster\\nip\\n${host('redis-2')}\\nport\\n6379\\nflags\\n${flags}`;
    const leaderOnly = [view(0, 'master'), view(1, 'master,failover_in_progress'), view(2, 'master')];
    const waiting = run('start-redis.sh', 'redis-2', [...sentinelsSay('redis-2'), ...leaderOnly], { env: { SENTINEL_WAIT_SECONDS: '1' } });
    expect(waiting.stderr).toContain('the sentinels are failing over from this pod: waiting for the new master');
    // past the wait the sentinels' word stands (no replica could be promoted)
    expect(waiting.stderr).toContain('starting as master');
    const oDown = run('start-redis.sh', 'redis-2', [...sentinelsSay('redis-2'), view(0, 's_down,o_down,master'), view(1, 'master'), view(2, 'master')], { env: { SENTINEL_WAIT_SECONDS: '1' } });
    expect(oDown.stderr).toContain('failing over from this pod');
    const calm = run('start-redis.sh', 'redis-2', [...sentinelsSay('redis-2'), view(0, 'master'), view(1, 's_down,master'), view(2, 'master')], { env: { SENTINEL_WAIT_SECONDS: '1' } });
    expect(calm.stderr).not.toContain('failing over from this pod');
    expect(calm.calls.filter((c) => c.includes('SENTINEL master mymaster'))).toHaveLength(3);
  });

  test('fills the template and appends the password as a quoted, escaped config string', () => {
    const conf = liveRedisConf(run('start-redis.sh', 'redis-0', sentinelsSay('redis-0')));
    expect(conf).not.toMatch(/@[A-Z_]+@/);
    expect(conf).toContain('bind * -::*');
    expect(conf).toContain('port 6379');
    expect(conf).toContain('requirepass "p@ss\\"w\\\\rd x"');
    expect(conf).toContain('masterauth "p@ss\\"w\\\\rd x"');
  });

  test('with no sentinel answering, only pod 0 bootstraps as master, after asking its peers', () => {
    const first = run('start-redis.sh', 'redis-0', []);
    expect(first.stderr).toContain('pod 0 bootstraps as the first master');
    expect(first.calls).toEqual(expect.arrayContaining([`-h ${host('redis-1')} -p 6379 --raw ROLE`, `-h ${host('redis-2')} -p 6379 --raw ROLE`]));
    expect(liveRedisConf(first)).not.toMatch(/^replicaof/m);
    const other = run('start-redis.sh', 'redis-1', []);
    expect(liveRedisConf(other)).toContain(`replicaof ${host('redis-0')} 6379`);
  });

  test('with no sentinel answering, a pod that reports itself master wins over pod 0', () => {
    const r = run('start-redis.sh', 'redis-0', [`${host('redis-2')}|ROLE|master\\n123\\n`]);
    expect(r.stderr).toContain(`${host('redis-2')} reports itself master`);
    expect(liveRedisConf(r)).toContain(`replicaof ${host('redis-2')} 6379`);
  });

  test('with no sentinel answering, pod 0 that last was a replica does not promote itself', () => {
    const r = run('start-redis.sh', 'redis-0', [], { liveConf: `port 6379\nreplicaof ${host('redis-2')} 6379\n` });
    expect(r.stderr).toContain('must not promote itself');
    expect(liveRedisConf(r)).toContain(`replicaof ${host('redis-2')} 6379`);
  });

  test('full restart without sentinels: the pod that was master when it stopped is master again, the others replicate it', () => {
    // pod 2 was the master: its live config has no replicaof line; pods 0 and 1 replicated it
    const lastMaster = run('start-redis.sh', 'redis-2', [], { liveConf: 'port 6379\nappendonly yes\n' });
    expect(lastMaster.stderr).toContain('starting as master: no sentinel answered and no pod is master; this pod was the master when it stopped');
    expect(liveRedisConf(lastMaster)).not.toMatch(/^replicaof/m);
    const pod0 = run('start-redis.sh', 'redis-0', [], { liveConf: `port 6379\nreplicaof ${host('redis-2')} 6379\n` });
    expect(liveRedisConf(pod0)).toContain(`replicaof ${host('redis-2')} 6379`);
    // without a live config (a fresh pod), pod 1 does not take the master role
    const fresh = run('start-redis.sh', 'redis-1', []);
    expect(fresh.stderr).toContain('replicating pod 0, the first master');
  });

  test('sentinels that disagree without a majority stop the start instead of guessing', () => {
    const answers = [
      `${host('redis-sentinel-0')}|SENTINEL get-master-addr-by-name mymaster|${host('redis-0')}\\n6379`,
      `${host('redis-sentinel-1')}|SENTINEL get-master-addr-by-name mymaster|${host('redis-1')}\\n6379`,
    ];
    const r = run('start-redis.sh', 'redis-0', answers);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('still disagree');
    expect(r.exec).toBe('');
  });

  test('a majority of sentinels outvotes one that missed a failover', () => {
    const answers = sentinelsSay('redis-2').slice(0, 2).concat(`${host('redis-sentinel-2')}|SENTINEL get-master-addr-by-name mymaster|${host('redis-0')}\\n6379`);
    const r = run('start-redis.sh', 'redis-0', answers);
    expect(r.status).toBe(0);
    expect(liveRedisConf(r)).toContain(`replicaof ${host('redis-2')} 6379`);
  });

  test('refuses to start without a password', () => {
    const r = run('start-redis.sh', 'redis-0', [], { env: { REDIS_PASSWORD: '' } });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('no password');
  });
});

describe('start-redis.sh: the write fence of a master the sentinels named', () => {
  const env = { FENCE_SECONDS: '5' };
  const server = ['127.0.0.1|PING|PONG', '127.0.0.1|CLIENT PAUSE 5000 WRITE|OK', '127.0.0.1|CLIENT UNPAUSE|OK'];
  /** SENTINEL MASTER as sentinel i reports it (--raw: one field or value a line). */
  const sentinelView = (i: number, master: string, flags: string, okPingMs: number) =>
    `${host(`redis-sentinel-${i}`)}|SENTINEL master mymaster|name\\nmymaster\\nip\\n${host(master)}\\nport\\n6379\\nflags\\n${flags}\\nlast-ok-ping-reply\\n${okPingMs}`;
  const order = (r: Run, ...texts: string[]) => texts.map((t) => r.calls.findIndex((c) => c === t));
  /** Sentinel i's id, and the local server's CLIENT LIST with the command and pub/sub links of the sentinels given. */
  const sentinelId = (i: number) => `${i}${i}${i}${i}aaaa`.padEnd(40, 'f');
  const ids = [0, 1, 2].map((i) => `${host(`redis-sentinel-${i}`)}|SENTINEL MYID|${sentinelId(i)}`);
  const linked = (...sentinels: number[]) => `127.0.0.1|CLIENT LIST|${['id=3 addr=10.0.0.9:4000 name= cmd=client',
    ...sentinels.flatMap((i) => ['cmd', 'pubsub'].map((kind) => `id=1${i} addr=10.0.0.${i}:5000 name=sentinel-${sentinelId(i).slice(0, 8)}-${kind} cmd=ping`))].join('\\n')}`;

  test('pauses writes once the server answers and lifts the pause when a majority of sentinels are linked to it', () => {
    // sentinel 2 names this pod but has no link to this server (it pings the address of the pod this one replaced)
    const r = run('start-redis.sh', 'redis-0', [...sentinelsSay('redis-0'), ...server, '127.0.0.1|ROLE|master', ...ids, linked(0, 1),
      sentinelView(0, 'redis-0', 'master', 300), sentinelView(1, 'redis-0', 'master', 900), sentinelView(2, 'redis-0', 'master', 300)], { env });
    expect(r.exec).toMatch(/^redis-server /);
    const [ping, pause, unpause] = order(r, '-h 127.0.0.1 -p 6379 PING', '-h 127.0.0.1 -p 6379 CLIENT PAUSE 5000 WRITE', '-h 127.0.0.1 -p 6379 CLIENT UNPAUSE');
    expect(ping).toBeGreaterThan(-1);
    expect(pause).toBeGreaterThan(ping);
    expect(unpause).toBeGreaterThan(pause);
    expect(r.stderr).toContain('fence: 2 of 3 sentinels reach this master; writes resume');
    // the first look comes right after the pause: the sentinels' PUBLISH waits behind it, and their PINGs behind that
    expect(r.calls.slice(pause, unpause).filter((c) => c.includes('CLIENT LIST'))).toHaveLength(1);
  });

  test('the age of a linked sentinel\'s last PING reply does not matter: the pause holds its PINGs', () => {
    const r = run('start-redis.sh', 'redis-0', [...sentinelsSay('redis-0'), ...server, '127.0.0.1|ROLE|master', ...ids, linked(0, 1, 2),
      sentinelView(0, 'redis-0', 'master', 4200), sentinelView(1, 'redis-0', 'master', 3100), sentinelView(2, 'redis-0', 'master', 2000)], { env });
    expect(r.stderr).toContain('fence: 3 of 3 sentinels reach this master; writes resume');
  });

  test('keeps writes paused while only a minority is linked and flags it healthy, until the deadline', () => {
    // 0 linked; 1 not linked; 2 linked but flagging it down (it may be about to fail over from it)
    const r = run('start-redis.sh', 'redis-0', [...sentinelsSay('redis-0'), ...server, '127.0.0.1|ROLE|master', ...ids, linked(0, 2),
      sentinelView(0, 'redis-0', 'master', 300), sentinelView(1, 'redis-0', 'master', 300), sentinelView(2, 'redis-0', 's_down,master', 300)], { env });
    expect(r.stderr).toContain('fence: no majority of the sentinels confirmed this master in 5 s; writes resume');
    // asked every half second from the pause to the deadline
    expect(r.calls.filter((c) => c.includes(`${host('redis-sentinel-0')} -p 26379 --raw SENTINEL master mymaster`)).length).toBeGreaterThanOrEqual(9);
  });

  test('a sentinel known only through the Service does not count: which one answered is not known', () => {
    const viaService = `${SENTINEL_SERVICE}|SENTINEL master mymaster|name\\nmymaster\\nip\\n${host('redis-0')}\\nport\\n6379\\nflags\\nmaster\\nlast-ok-ping-reply\\n300`;
    const r = run('start-redis.sh', 'redis-0', [...sentinelsSay('redis-0'), ...server, '127.0.0.1|ROLE|master', ...ids, linked(0, 1, 2), viaService], { env });
    expect(r.stderr).toContain('fence: no majority');
    expect(r.calls.some((c) => c.includes('SENTINEL MYID'))).toBe(false);
  });

  test('one sentinel naming another master does not count, though linked', () => {
    const r = run('start-redis.sh', 'redis-0', [...sentinelsSay('redis-0'), ...server, '127.0.0.1|ROLE|master', ...ids, linked(0, 2),
      sentinelView(0, 'redis-0', 'master', 300), sentinelView(1, 'redis-0', 'master', 300), sentinelView(2, 'redis-1', 'master', 300)], { env });
    expect(r.stderr).toContain('fence: no majority');
    expect(r.calls.some((c) => c.includes('REPLICAOF'))).toBe(false);
  });

  test('a majority naming another master (they failed over from the pod this one replaced): replicates it, then lifts the pause', () => {
    const replicaof = `-h 127.0.0.1 -p 6379 REPLICAOF ${host('redis-1')} 6379`;
    const r = run('start-redis.sh', 'redis-0', [...sentinelsSay('redis-0'), ...server, '127.0.0.1|ROLE|master',
      `127.0.0.1|REPLICAOF ${host('redis-1')} 6379|OK`, '127.0.0.1|CONFIG REWRITE|OK',
      sentinelView(0, 'redis-0', 'master', 300), sentinelView(1, 'redis-1', 'master', 300), sentinelView(2, 'redis-1', 'master', 300)], { env });
    expect(r.stderr).toContain(`fence: 2 of 3 sentinels name ${host('redis-1')}:6379 the master; now its replica, pause lifted`);
    const [pause, follow, rewrite, unpause] = order(r, '-h 127.0.0.1 -p 6379 CLIENT PAUSE 5000 WRITE', replicaof, '-h 127.0.0.1 -p 6379 CONFIG REWRITE', '-h 127.0.0.1 -p 6379 CLIENT UNPAUSE');
    // a replica before the pause is lifted: no write lands on a second master
    expect([pause, follow, rewrite, unpause].every((i, n, all) => i > -1 && (n === 0 || i > all[n - 1]))).toBe(true);
  });

  test('sentinels that name this pod by its IP reach it; they do not name another master', () => {
    const byIp = (i: number) => `${host(`redis-sentinel-${i}`)}|SENTINEL master mymaster|name\\nmymaster\\nip\\n10.0.0.7\\nport\\n6379\\nflags\\nmaster\\nlast-ok-ping-reply\\n300`;
    const r = run('start-redis.sh', 'redis-0', [...sentinelsSay('redis-0'), ...server, '127.0.0.1|ROLE|master', ...ids, linked(0, 1, 2), byIp(0), byIp(1), byIp(2)],
      { env: { ...env, POD_IP: '10.0.0.7' } });
    expect(r.stderr).toContain('fence: 3 of 3 sentinels reach this master; writes resume');
    expect(r.calls.some((c) => c.includes('REPLICAOF'))).toBe(false);
  });

  test('keeps writes paused when REPLICAOF fails', () => {
    const r = run('start-redis.sh', 'redis-0', [...sentinelsSay('redis-0'), ...server, '127.0.0.1|ROLE|master',
      sentinelView(0, 'redis-0', 'master', 300), sentinelView(1, 'redis-1', 'master', 300), sentinelView(2, 'redis-1', 'master', 300)], { env });
    expect(r.stderr).toContain(`fence: REPLICAOF ${host('redis-1')} 6379 failed; writes stay paused`);
    expect(r.stderr).toContain('fence: no majority');
  });

  test('lifts the pause at once when the sentinels demote the server', () => {
    const r = run('start-redis.sh', 'redis-0', [...sentinelsSay('redis-0'), ...server, '127.0.0.1|ROLE|slave'], { env });
    expect(r.stderr).toContain('fence: demoted by the sentinels; pause lifted');
    const pause = r.calls.indexOf('-h 127.0.0.1 -p 6379 CLIENT PAUSE 5000 WRITE');
    expect(pause).toBeGreaterThan(-1);
    expect(r.calls.slice(pause).filter((c) => c.includes('SENTINEL master mymaster'))).toHaveLength(0);
  });

  test('no fence for a replica, nor for a master chosen without the sentinels (full restart, bootstrap)', () => {
    for (const r of [run('start-redis.sh', 'redis-0', sentinelsSay('redis-1'), { env }), run('start-redis.sh', 'redis-0', [], { env })]) {
      expect(r.exec).toMatch(/^redis-server /);
      expect(r.calls.some((c) => c.includes('CLIENT PAUSE'))).toBe(false);
    }
  });
});

describe('start-sentinel.sh', () => {
  const liveConf = (r: Run) => readFileSync(join(r.dir, 'data', 'sentinel.conf'), 'utf8');

  test('monitors pod 0 on a fresh cluster, announcing its own hostname', () => {
    const r = run('start-sentinel.sh', 'redis-sentinel-1', []);
    const conf = liveConf(r);
    expect(conf).toContain(`sentinel monitor mymaster ${host('redis-0')} 6379 2`);
    expect(conf).toContain(`sentinel announce-ip ${host('redis-sentinel-1')}`);
    expect(conf).toContain('sentinel auth-pass mymaster "p@ss\\"w\\\\rd x"');
    expect(conf).toContain('sentinel sentinel-pass "p@ss\\"w\\\\rd x"');
    expect(r.exec).toBe(`redis-sentinel ${join(r.dir, 'data', 'sentinel.conf')}`);
  });

  test('asks the other sentinels (not itself) before its persisted state', () => {
    const persisted = `sentinel monitor mymaster ${host('redis-0')} 6379 2\nsentinel myid abc\nsentinel current-epoch 4\n` +
      `sentinel config-epoch mymaster 4\nsentinel known-replica mymaster ${host('redis-1')} 6379\nsentinel known-replica mymaster ${host('redis-2')} 6379\n` +
      `sentinel known-sentinel mymaster ${host('redis-sentinel-0')} 26379 def\nuser default on nopass ~* &* +@all\n`;
    const r = run('start-sentinel.sh', 'redis-sentinel-1', sentinelsSay('redis-2'), { liveConf: persisted });
    expect(r.calls.some((c) => c.includes(host('redis-sentinel-1')))).toBe(false);
    const conf = liveConf(r);
    expect(conf).toContain(`sentinel monitor mymaster ${host('redis-2')} 6379 2`);
    expect(conf).toContain('sentinel myid abc');
    expect(conf).toContain('sentinel config-epoch mymaster 4');
    expect(conf).toContain(`sentinel known-replica mymaster ${host('redis-1')} 6379`);
    // the new master is not kept as one of its own replicas
    expect(conf).not.toContain(`known-replica mymaster ${host('redis-2')}`);
    expect(conf).not.toContain('user default');
  });

  test('falls back to its persisted master when no other sentinel answers', () => {
    const r = run('start-sentinel.sh', 'redis-sentinel-0', [], { liveConf: `sentinel monitor mymaster ${host('redis-2')} 6379 2\n` });
    expect(liveConf(r)).toContain(`sentinel monitor mymaster ${host('redis-2')} 6379 2`);
    expect(r.stderr).toContain('persisted state');
  });
});

describe('prestop-redis.sh', () => {
  const master = [
    '127.0.0.1|ROLE|master',
    '127.0.0.1|CLIENT PAUSE 60000 WRITE|OK',
    '127.0.0.1|CLIENT UNPAUSE|OK',
    '127.0.0.1|INFO replication|# Replication\\nrole:master\\nconnected_slaves:2\\nslave0:ip=a,port=6379,state=online,offset=120,lag=0\\nslave1:ip=b,port=6379,state=online,offset=120,lag=0\\nmaster_repl_offset:120',
    ...sentinelsSay('redis-0'),
    `${SENTINEL_SERVICE}|SENTINEL failover mymaster|OK`,
  ];
  const env = { PRESTOP_WAIT_SECONDS: '1', CATCH_UP_SECONDS: '1', PAUSE_SECONDS: '60' };
  const index = (r: Run, text: string) => r.calls.findIndex((c) => c.includes(text));

  test('pauses writes, sees a replica caught up, fails over and returns once a majority of sentinels name the new master', () => {
    const r = run('prestop-redis.sh', 'redis-0', master, { env, afterFailover: sentinelsSay('redis-1') });
    expect(r.status).toBe(0);
    const pause = index(r, 'CLIENT PAUSE 60000 WRITE');
    const info = r.calls.findIndex((c, i) => i > pause && c.includes('INFO replication'));
    const failover = index(r, 'SENTINEL failover mymaster');
    expect(pause).toBeGreaterThan(0);
    expect(info).toBeGreaterThan(pause);
    expect(failover).toBeGreaterThan(info);
    expect(r.calls.slice(failover + 1).filter((c) => c.includes('get-master-addr-by-name'))).toHaveLength(3);
    expect(r.stderr).toContain('a majority of the sentinels name a new master');
    expect(r.stderr).not.toContain('not every replica caught up');
    // the pause outlasts the shutdown: never lifted after a failover
    expect(index(r, 'CLIENT UNPAUSE')).toBe(-1);
  });

  test('the pause lasts longer than the whole wait by default', () => {
    const r = run('prestop-redis.sh', 'redis-0', master, { env: { PRESTOP_WAIT_SECONDS: '1', CATCH_UP_SECONDS: '1' }, afterFailover: sentinelsSay('redis-1') });
    // 1 + 1 + 30 s: longer than the wait for the sentinels and the catch-up together (the stub
    // answers only a 60 s pause, so this one reads as failed, and the handover goes on)
    expect(r.calls).toContain('-h 127.0.0.1 -p 6379 CLIENT PAUSE 32000 WRITE');
    expect(r.stderr).toContain('CLIENT PAUSE WRITE failed');
    expect(r.stderr).toContain('a majority of the sentinels name a new master');
  });

  test('waits for every replica, not just one: fails over after the catch-up wait when one stays behind', () => {
    const behind = master.map((a) => a.replace('offset=120,lag=0\\nmaster_repl_offset:120', 'offset=119,lag=0\\nmaster_repl_offset:120'));
    expect(behind).not.toEqual(master);
    const r = run('prestop-redis.sh', 'redis-0', behind, { env, afterFailover: sentinelsSay('redis-1') });
    expect(r.stderr).toContain('not every replica caught up in 1 s');
    expect(index(r, 'SENTINEL failover mymaster')).toBeGreaterThan(0);
  });

  test('a minority naming the new master is not enough: it waits until the deadline and keeps writes paused', () => {
    const minority = [...sentinelsSay('redis-0').slice(0, 2), ...sentinelsSay('redis-1').slice(2)];
    const r = run('prestop-redis.sh', 'redis-0', master, { env, afterFailover: [`${host('redis-sentinel-2')}|SENTINEL get-master-addr-by-name mymaster|${host('redis-1')}\\n6379`, ...minority] });
    expect(r.status).toBe(0);
    expect(r.stderr).toContain('no majority names a new master 1 s after the first request; stopping with writes paused');
    expect(index(r, 'CLIENT UNPAUSE')).toBe(-1);
  });

  test('asks again while the sentinels refuse, then lifts the pause when none starts a failover in time', () => {
    const refused = master.filter((a) => !a.includes('SENTINEL failover'));
    const r = run('prestop-redis.sh', 'redis-0', refused, { env });
    expect(r.stderr).toContain('no sentinel started a failover');
    expect(index(r, 'CLIENT UNPAUSE')).toBeGreaterThan(index(r, 'CLIENT PAUSE'));
    // every round asks the Service and each sentinel; more than one round before giving up
    const rounds = r.calls.filter((c) => c.includes('SENTINEL failover')).length / 4;
    expect(rounds).toBeGreaterThan(1);
  });

  test('a sentinel that refuses is followed by the next one, with writes paused all along', () => {
    const refusedByService = master.filter((a) => !a.includes('SENTINEL failover'));
    const r = run('prestop-redis.sh', 'redis-0', refusedByService, {
      env, afterFailover: [`${host('redis-sentinel-0')}|SENTINEL failover mymaster|OK`, ...sentinelsSay('redis-1')],
    });
    expect(r.stderr).toContain(`sentinel ${SENTINEL_SERVICE} did not start a failover`);
    expect(r.stderr).toContain(`failover of mymaster started by ${host('redis-sentinel-0')}`);
    expect(r.stderr).toContain('a majority of the sentinels name a new master');
    expect(r.calls.some((c) => c.includes('CLIENT UNPAUSE'))).toBe(false);
  });

  test('does nothing on a replica', () => {
    const r = run('prestop-redis.sh', 'redis-1', ['127.0.0.1|ROLE|slave']);
    expect(r.status).toBe(0);
    expect(r.calls.some((c) => c.includes('failover'))).toBe(false);
  });

  test('does not ask for a failover when the sentinels name another master', () => {
    const r = run('prestop-redis.sh', 'redis-0', [
      '127.0.0.1|ROLE|master', '127.0.0.1|INFO replication|connected_slaves:1', ...sentinelsSay('redis-2'),
    ]);
    expect(r.calls.some((c) => c.includes('failover'))).toBe(false);
    expect(r.stderr).toContain('not asking for a failover');
  });
});
