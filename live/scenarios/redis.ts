import { parseInfo, redisOnce, RespValue } from '../clients/redis';
import { LiveCluster } from '../cluster';
import { K8sObject, Manifests } from '../manifests';
import { Pod, sleep } from '../pod';

export interface RedisFigures {
  readonly timeToReady: Record<string, number>;
  readonly keysWritten: number;
  readonly keysAcknowledgedByAllReplicas: number;
  readonly failoverSeconds: number;
  readonly failoverBoundSeconds: number;
  readonly newMaster: string;
  readonly keysLost: number;
  readonly oldMasterBackAsReplicaSeconds: number;
  readonly maxSimultaneousMasters: number;
  readonly roleSamples: number;
}

/** The parts of the generated Redis component the scenario needs, read from the manifests. */
export interface RedisLayout {
  readonly dataSts: K8sObject;
  readonly sentinelSts: K8sObject;
  readonly masterSet: string;
  readonly quorum: number;
  readonly downAfterMs: number;
  readonly failoverTimeoutMs: number;
  readonly passwordRef: { name: string; key: string };
}

export function redisLayout(m: Manifests): RedisLayout {
  const stss = m.ofKind('StatefulSet');
  const sentinelSts = stss.find((s) => s.spec.template.spec.containers.some((c: K8sObject) => c.name === 'sentinel'));
  if (!sentinelSts) throw new Error('no StatefulSet with a "sentinel" container in the manifests');
  const instance = sentinelSts.spec.selector.matchLabels['app.kubernetes.io/instance'];
  const dataSts = stss.find((s) => s !== sentinelSts && s.spec.selector.matchLabels['app.kubernetes.io/instance'] === instance
    && s.spec.template.spec.containers.some((c: K8sObject) => c.name === 'redis'));
  if (!dataSts) throw new Error(`no Redis data StatefulSet for instance ${instance}`);
  const conf = m.ofKind('ConfigMap').flatMap((c) => Object.values(c.data ?? {}) as string[])
    .find((v) => /^sentinel monitor /m.test(v));
  if (!conf) throw new Error('no ConfigMap key sentinel.conf with a "sentinel monitor" line');
  const monitor = /^sentinel monitor (\S+) \S+ \S+ (\d+)$/m.exec(conf);
  const down = /^sentinel down-after-milliseconds \S+ (\d+)$/m.exec(conf);
  const timeout = /^sentinel failover-timeout \S+ (\d+)$/m.exec(conf);
  if (!monitor || !down || !timeout) throw new Error(`sentinel.conf lacks monitor/down-after-milliseconds/failover-timeout lines:\n${conf}`);
  const pw = dataSts.spec.template.spec.containers.find((c: K8sObject) => c.name === 'redis').env
    .find((e: K8sObject) => e.name === 'REDIS_PASSWORD')?.valueFrom?.secretKeyRef;
  if (!pw) throw new Error('the redis container has no REDIS_PASSWORD from a Secret');
  return {
    dataSts, sentinelSts, masterSet: monitor[1], quorum: Number(monitor[2]),
    downAfterMs: Number(down[1]), failoverTimeoutMs: Number(timeout[1]), passwordRef: pw,
  };
}

/**
 * Scenario 2: 1 master + N replicas + M sentinels from the generated files and scripts.
 * Bootstrap; one master, replicas linked, sentinels agree with quorum; keys written and
 * acknowledged by every replica (WAIT); the master's pod is SIGKILLed and kept down (a node
 * outage: an in-place restart would come back before the sentinels even notice); a replica is
 * promoted within down-after-milliseconds + failover-timeout; every acknowledged key is readable
 * from the new master; the old master's pod is recreated and comes back as a replica. Roles of
 * all data pods are sampled throughout: two masters at once fail the scenario.
 */
export async function runRedisScenario(cluster: LiveCluster, log: (s: string) => void = () => undefined): Promise<RedisFigures> {
  const layout = redisLayout(cluster.manifests);
  const password = cluster.fixtures.value(layout.passwordRef.name, layout.passwordRef.key);
  const q = (pod: Pod, port: number, args: Array<string | number>) => redisOnce(pod.ip, port, password, args);

  const [sentinels, data] = await Promise.all([
    cluster.startStatefulSet(layout.sentinelSts.metadata.name),
    cluster.startStatefulSet(layout.dataSts.metadata.name),
  ]);
  const timeToReady = await cluster.waitReady([...data, ...sentinels], 240_000);
  log(`ready: ${JSON.stringify(timeToReady)}`);

  // Roles of all data pods, sampled every 200 ms until the end.
  const sampler = new RoleSampler(() => cluster.livePods().filter((p) => data.some((d) => d.name === p.name)), password);
  sampler.start();
  try {
    const master = await cluster.waitFor('exactly one master with every replica linked', async () => {
      const infos = await Promise.all(data.map(async (p) => ({ p, info: await info(p, password) })));
      const masters = infos.filter((x) => x.info?.role === 'master');
      const linked = infos.filter((x) => x.info?.role === 'slave' && x.info.master_link_status === 'up');
      return masters.length === 1 && linked.length === data.length - 1 ? masters[0].p : undefined;
    }, 60_000, data);
    const masterHost = fqdn(cluster, master);
    await cluster.waitFor(`every sentinel names ${masterHost} and sees ${data.length - 1} replicas and ${sentinels.length - 1} other sentinels`, async () => {
      for (const s of sentinels) {
        const addr = await q(s, 26379, ['SENTINEL', 'get-master-addr-by-name', layout.masterSet]);
        const m = await q(s, 26379, ['SENTINEL', 'master', layout.masterSet]);
        const fields = pairs(m);
        if (!Array.isArray(addr) || addr[0] !== masterHost) return false;
        if (Number(fields['num-slaves']) !== data.length - 1 || Number(fields['num-other-sentinels']) !== sentinels.length - 1) return false;
      }
      return true;
    }, 60_000, sentinels);
    const ck = await q(sentinels[0], 26379, ['SENTINEL', 'ckquorum', layout.masterSet]);
    if (ck instanceof Error || !String(ck).startsWith('OK')) throw new Error(`SENTINEL CKQUORUM ${layout.masterSet}: ${String(ck)}`);

    // Writes acknowledged by every replica before the failure.
    const keys = 2000;
    let acked = 0;
    const batch = 200;
    for (let i = 0; i < keys; i += batch) {
      const args: string[] = ['MSET'];
      for (let j = i; j < i + batch; j++) args.push(`key:${j}`, `value-${j}`);
      const r = await q(master, 6379, args);
      if (r !== 'OK') throw new Error(`MSET on the master: ${String(r)}`);
      const w = await q(master, 6379, ['WAIT', data.length - 1, 5000]);
      if (w === data.length - 1) acked = i + batch;
    }
    if (acked !== keys) throw new Error(`only ${acked}/${keys} keys were acknowledged by all ${data.length - 1} replicas (WAIT)`);

    // The master's node goes away.
    const killedAt = Date.now();
    await cluster.deletePod(master.name, { graceSeconds: 0, recreate: false });
    log(`killed ${master.name}`);
    const survivors = data.filter((p) => p !== master);
    const bound = (layout.downAfterMs + layout.failoverTimeoutMs) / 1000;
    const promoted = await cluster.waitFor(`a replica promoted within down-after-milliseconds + failover-timeout (${bound} s)`, async () => {
      for (const p of survivors) {
        if ((await info(p, password))?.role !== 'master') continue;
        const names = await Promise.all(sentinels.map((s) => q(s, 26379, ['SENTINEL', 'get-master-addr-by-name', layout.masterSet])));
        if (names.every((n) => Array.isArray(n) && n[0] === fqdn(cluster, p))) return p;
      }
      return undefined;
    }, bound * 1000, [...survivors, ...sentinels]);
    const failoverSeconds = (Date.now() - killedAt) / 1000;
    log(`promoted ${promoted.name} after ${failoverSeconds.toFixed(1)} s`);

    const values = await q(promoted, 6379, ['MGET', ...Array.from({ length: keys }, (_, i) => `key:${i}`)]);
    if (!Array.isArray(values)) throw new Error(`MGET on the new master: ${String(values)}`);
    const lost = values.filter((v, i) => v !== `value-${i}`).length;
    const after = await q(promoted, 6379, ['SET', 'after-failover', '1']);
    if (after !== 'OK') throw new Error(`the new master refuses writes: ${String(after)}`);

    // The old master's pod is recreated by its StatefulSet.
    const returnedAt = Date.now();
    const back = await cluster.recreatePod(master.name);
    await cluster.waitFor(`${master.name} back as a replica of ${promoted.name} with its link up`, async () => {
      const i = await info(back, password);
      return back.ready && i?.role === 'slave' && i.master_host === fqdn(cluster, promoted) && i.master_link_status === 'up';
    }, 180_000, [back, promoted]);
    const oldMasterBackAsReplicaSeconds = (Date.now() - returnedAt) / 1000;
    const replicated = await q(back, 6379, ['GET', 'after-failover']);
    if (replicated !== '1') throw new Error(`the returned replica does not have the write made after the failover: ${String(replicated)}`);
    await sleep(2000);
    sampler.stop();
    if (sampler.maxMasters > 1) throw new Error(`two masters at once: ${sampler.conflicts.slice(0, 5).join('; ')}`);
    if (lost > 0) throw new Error(`${lost} of ${keys} acknowledged keys are missing on the new master`);
    return {
      timeToReady, keysWritten: keys, keysAcknowledgedByAllReplicas: acked, failoverSeconds, failoverBoundSeconds: bound,
      newMaster: promoted.name, keysLost: lost, oldMasterBackAsReplicaSeconds,
      maxSimultaneousMasters: sampler.maxMasters, roleSamples: sampler.samples,
    };
  } finally {
    sampler.stop();
  }
}

/** `<pod>.<headless>.<ns>.svc.cluster.local`: what the generated config announces. */
function fqdn(cluster: LiveCluster, pod: Pod): string {
  return `${pod.name}.${pod.subdomain}.${cluster.namespace}.svc.cluster.local`;
}

async function info(pod: Pod, password: string): Promise<Record<string, string> | undefined> {
  if (!pod.address || pod.phase === 'Deleted') return undefined;
  try {
    const r = await redisOnce(pod.ip, 6379, password, ['INFO', 'replication']);
    return typeof r === 'string' ? parseInfo(r) : undefined;
  } catch {
    return undefined;
  }
}

function pairs(v: RespValue): Record<string, string> {
  const out: Record<string, string> = {};
  if (Array.isArray(v)) for (let i = 0; i + 1 < v.length; i += 2) out[String(v[i])] = String(v[i + 1]);
  return out;
}

/** Samples INFO replication on every data pod; records how many said "master" at the same time. */
class RoleSampler {
  maxMasters = 0;
  samples = 0;
  readonly conflicts: string[] = [];
  private running = false;

  constructor(private readonly pods: () => Pod[], private readonly password: string) {}

  start(): void {
    this.running = true;
    void (async () => {
      while (this.running) {
        const roles = await Promise.all(this.pods().map(async (p) => ({ p, role: (await info(p, this.password))?.role })));
        const masters = roles.filter((r) => r.role === 'master').map((r) => r.p.name);
        this.samples++;
        if (masters.length > this.maxMasters) this.maxMasters = masters.length;
        if (masters.length > 1) this.conflicts.push(`${new Date().toISOString()} masters ${masters.join(', ')}`);
        await sleep(200);
      }
    })();
  }

  stop(): void {
    this.running = false;
  }
}
