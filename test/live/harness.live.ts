import * as fs from 'fs';
import * as path from 'path';
import { redisOnce } from '../../live/clients/redis';
import { LiveCluster } from '../../live/cluster';
import { Manifests } from '../../live/manifests';
import { Pod } from '../../live/pod';
import { report } from '../../live/report';
import { liveCluster } from './support';

/**
 * The harness itself, on a hand-written StatefulSet running real redis: everything the
 * component scenarios rely on (env, volumes, DNS, probes, Services, restarts, cleanup).
 */
describe('live harness', () => {
  const manifests = Manifests.load(path.join(__dirname, 'fixtures', 'harness'));
  let cluster: LiveCluster;
  let pods: Pod[];
  const password = 'harness-secret-1';

  beforeAll(async () => {
    cluster = liveCluster({ manifests, secretOverrides: { 'kv-secret/password': password } });
    pods = await cluster.startStatefulSet('kv');
    const ready = await cluster.waitReady(pods, 60_000);
    report('harness: time to ready (s, from pod creation)', ready);
  });

  afterAll(async () => {
    await cluster?.stop();
  });

  const sh = async (pod: Pod, script: string) => {
    const r = await pod.exec('redis', ['sh', '-c', script]);
    if (r.code !== 0) throw new Error(`exec in ${pod.name} failed (${r.code}): ${r.output}`);
    return r.output.trim();
  };

  it('resolves env from literals, the downward API, Secrets, ConfigMaps and resource limits', async () => {
    const out = await sh(pods[0], 'echo "$POD_NAME|$POD_NAMESPACE|$POD_IP|$REDISCLI_AUTH|$MEMORY_MB|$HOSTNAME"');
    expect(out).toBe(`kv-0|harness|${pods[0].ip}|${password}|64|kv-0`);
  });

  it('runs init containers first and expands $(VAR) in args', async () => {
    expect(await sh(pods[1], 'cat /work-config/who')).toBe('kv-1 hello');
    expect(await sh(pods[1], 'redis-cli config get replica-announce-ip | tail -1')).toBe('kv-1.kv-headless.harness.svc.cluster.local');
  });

  it('mounts volumes with their modes and ownership, and applies the security context', async () => {
    expect(await sh(pods[0], 'id -u; id -g; id -G')).toBe('999\n999\n999');
    expect(await sh(pods[0], 'cat /secret/password; echo; stat -c %a /secret/password')).toBe(`${password}\n440`);
    expect(await sh(pods[0], 'touch /secret/x 2>&1 || echo refused')).toContain('refused');
    expect(await sh(pods[0], 'touch /etc/x 2>&1 || echo refused')).toContain('refused');
    expect(await sh(pods[0], 'touch /data/x && echo ok')).toBe('ok');
    // Debian's /var/run is an absolute symlink: the mount must land inside the container's root
    expect(await sh(pods[0], 'touch /var/run/kv/x && ls /run/kv')).toBe('x');
    expect(fs.existsSync('/run/kv')).toBe(false);
    expect(await sh(pods[0], 'hostname; ls -A /tmp | wc -l; ls /usr/local/bin')).toBe('kv-0\n0\ndocker-entrypoint.sh\nredis-check-aof\nredis-check-rdb\nredis-cli\nredis-sentinel\nredis-server');
  });

  it('resolves pod and Service names like cluster DNS', async () => {
    const fqdn = 'kv-1.kv-headless.harness.svc.cluster.local';
    expect(await sh(pods[0], `getent hosts ${fqdn} | cut -d' ' -f1`)).toBe(pods[1].ip);
    expect(await sh(pods[0], 'getent hosts kv | cut -d" " -f1')).toBe(cluster.service('kv').ip);
    expect((await sh(pods[0], 'getent ahostsv4 kv-headless.harness | cut -d" " -f1 | sort -u')).split('\n').sort()).toEqual(pods.map((p) => p.ip).sort());
    expect(await sh(pods[0], `redis-cli -h ${fqdn} ping`)).toBe('PONG');
  });

  it('proxies a ClusterIP Service to ready endpoints by named targetPort', async () => {
    const ip = cluster.service('kv').ip!;
    for (let i = 0; i < 4; i++) expect(await redisOnce(ip, 6380, password, ['PING'])).toBe('PONG');
  });

  it('restarts crashed containers in place and recreates deleted StatefulSet pods with their claims', async () => {
    await redisOnce(pods[0].ip, 6379, password, ['SET', 'k', 'v']);
    await sh(pods[0], 'echo kept > /data/marker; echo gone > /work-config/marker');
    const started = Date.now();
    pods[0].crash();
    await cluster.waitFor('kv-0 not ready after crash', () => !pods[0].ready, 15_000);
    await cluster.waitFor('kv-0 ready after crash', () => pods[0].ready, 30_000);
    const restartMs = Date.now() - started;
    expect(pods[0].container('redis').restarts).toBe(1);
    expect(await sh(pods[0], 'cat /work-config/marker')).toBe('gone');

    const oldIp = pods[0].ip;
    const again = (await cluster.deletePod('kv-0', { graceSeconds: 5 }))!;
    await cluster.waitReady([again], 30_000);
    expect(again.ip).not.toBe(oldIp);
    expect(await sh(again, 'cat /data/marker; ls /work-config')).toBe('kept\nredis.conf\nwho');
    expect(await redisOnce(again.ip, 6379, password, ['GET', 'k'])).toBe('v');
    expect(await sh(pods[1], 'getent hosts kv-0.kv-headless.harness.svc.cluster.local | cut -d" " -f1')).toBe(again.ip);
    report('harness: restart', { 'crash -> ready again': `${(restartMs / 1000).toFixed(1)} s`, 'recreated pod time to ready': `${((again.readyAt! - again.createdAt) / 1000).toFixed(1)} s` });
  });

  it('removes every process, namespace and folder it created', async () => {
    const { runDir } = cluster;
    const tag = cluster.network.tag;
    const pids = [...cluster.pods.values()].flatMap((p) => p.containers.map((c) => c.proc?.pid)).filter((p): p is number => !!p);
    await cluster.stop();
    expect(fs.existsSync(runDir)).toBe(false);
    expect(fs.readdirSync('/run/netns').filter((n) => n.startsWith(`${tag}-`))).toEqual([]);
    await new Promise((r) => setTimeout(r, 500));
    expect(pids.filter((pid) => { try { process.kill(pid, 0); return true; } catch { return false; } })).toEqual([]);
  });
});
