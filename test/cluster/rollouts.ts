import type { KubernetesObject } from '../../cluster/lib/client';
import { ManifestObject, readEnvironment } from '../../cluster/lib/manifests';
import { NatsClient } from './clients/nats';
import { NatsSession } from './nats-users';
import { RedisClient, redisOnce } from './clients/redis';
import { DIST, testCluster, FIELD_MANAGER } from './kube';
import { deleteNamespaces } from './platform-checks';
import { deletePod, find, LivePod, podsOf, rolloutRestart, secretValue, sleep, syncComponents, waitFor } from './pods';
import { Target, where } from './target';

/**
 * Planned operations on the real cluster with a writer attached and every acknowledgement
 * counted: a rolling restart of the Redis data StatefulSet (each pod's grace period honoured, so
 * its preStop hands the master role over), and a full Redis restart (every data pod deleted at
 * once with the sentinels scaled to zero) that must end with one master without the sentinels,
 * and a rolling restart of the NATS servers (lame duck) under a publisher to an R3 stream.
 */
const cluster = testCluster();
const figures: string[] = [];
afterAll(() => { if (figures.length) console.log(`planned operations on the real cluster:\n${figures.join('\n')}`); });

const labelsOf = (o: KubernetesObject): Record<string, string> => o.spec.selector.matchLabels;

/** What the sync applied for Redis, and how to reach it. */
interface Redis {
  readonly target: Target;
  readonly data: KubernetesObject;
  readonly sentinels: KubernetesObject;
  readonly password: string;
  readonly sentinelService: string;
  readonly masterSet: string;
}

async function syncRedis(t: Target, mutate?: (objects: ManifestObject[]) => void): Promise<Redis> {
  const ns = t.namespace;
  const objects = await syncComponents(cluster, t.platform, t.env, ['redis.k8s.yaml'], mutate);
  const data = find(objects, (o) => o.kind === 'StatefulSet' && !/sentinel/.test(o.metadata!.name), 'Redis data StatefulSet');
  const sentinels = find(objects, (o) => o.kind === 'StatefulSet' && /sentinel/.test(o.metadata!.name), 'sentinel StatefulSet');
  const ref = data.spec.template.spec.containers[0].env.find((e: any) => e.name === 'REDIS_PASSWORD').valueFrom.secretKeyRef;
  const svc = find(objects, (o) => o.kind === 'Service' && /sentinel/.test(o.metadata!.name) && o.spec.clusterIP !== 'None', 'sentinel Service');
  const masterSet = data.spec.template.spec.containers[0].env.find((e: any) => e.name === 'MASTER_SET').value;
  return {
    target: t, data, sentinels, masterSet,
    password: await secretValue(cluster, ns, ref.name, ref.key),
    sentinelService: (await cluster.core.readNamespacedService({ namespace: ns, name: svc.metadata!.name })).spec!.clusterIP!,
  };
}

/** The data pods that answer ROLE with master, and of those the ones that take a write now. */
async function masters(r: Redis): Promise<{ masters: LivePod[]; writable: LivePod[] }> {
  const out = { masters: [] as LivePod[], writable: [] as LivePod[] };
  for (const p of (await podsOf(cluster, r.target.namespace, labelsOf(r.data))).filter((x) => x.ip)) {
    const role = await redisOnce(p.ip, 6379, r.password, ['ROLE'], 1000).catch(() => undefined);
    if (!Array.isArray(role) || role[0] !== 'master') continue;
    out.masters.push(p);
    // a paused (CLIENT PAUSE WRITE) or demoted master does not acknowledge this in time
    if (await redisOnce(p.ip, 6379, r.password, ['SET', 'probe:writable', p.name], 400).catch(() => undefined) === 'OK') out.writable.push(p);
  }
  return out;
}

/**
 * Writes keys to the master the sentinels name until stopped, asking them before every write and
 * through one kept connection; a key counts once the master acknowledged it. Samples every data
 * pod meanwhile for the most writable masters at once.
 */
class RedisWriter {
  readonly acked: string[] = [];
  readonly ackTimes: number[] = [];
  mostWritableMasters = 0;
  private running = true;
  private readonly loops: Promise<void>[];

  constructor(private readonly r: Redis, label: string) {
    const ns = r.target.namespace;
    let n = 0;
    const write = async () => {
      while (this.running) {
        try {
          const addr = await redisOnce(r.sentinelService, 26379, r.password, ['SENTINEL', 'GET-MASTER-ADDR-BY-NAME', r.masterSet], 1000) as string[];
          const pods = await podsOf(cluster, ns, labelsOf(r.data));
          const target = pods.find((p) => addr[0] === p.ip || addr[0].startsWith(`${p.name}.`));
          if (!target) { await sleep(50); continue; }
          const key = `${label}-${n++}`;
          if (await redisOnce(target.ip, 6379, r.password, ['SET', key, 'v'], 2000) === 'OK') {
            this.acked.push(key);
            this.ackTimes.push(Date.now());
          }
        } catch { await sleep(50); }
      }
    };
    // as a pooled client does: one connection to the master the sentinels named when it was
    // opened, kept until a write on it fails (a fresh lookup per write would hide a master that
    // still acknowledges writes after a replica was promoted)
    const pooled = async () => {
      let conn: RedisClient | undefined;
      while (this.running) {
        try {
          if (!conn) {
            const addr = await redisOnce(r.sentinelService, 26379, r.password, ['SENTINEL', 'GET-MASTER-ADDR-BY-NAME', r.masterSet], 1000) as string[];
            const target = (await podsOf(cluster, ns, labelsOf(r.data))).find((p) => addr[0] === p.ip || addr[0].startsWith(`${p.name}.`));
            if (!target) { await sleep(50); continue; }
            conn = await RedisClient.connect(target.ip, 6379, 1000);
            if (await conn.command(['AUTH', r.password], 1000) !== 'OK') throw new Error('AUTH refused');
          }
          const key = `${label}-pooled-${n++}`;
          if (await conn.command(['SET', key, 'v'], 2000) === 'OK') {
            this.acked.push(key);
            this.ackTimes.push(Date.now());
          } else throw new Error('write refused');
          await sleep(5);
        } catch {
          conn?.close();
          conn = undefined;
          await sleep(50);
        }
      }
      conn?.close();
    };
    const sample = async () => {
      while (this.running) {
        const m = await masters(r).catch(() => undefined);
        if (m) this.mostWritableMasters = Math.max(this.mostWritableMasters, m.writable.length);
        await sleep(250);
      }
    };
    this.loops = [write(), pooled(), sample()];
  }

  async waitForAcks(count: number, timeoutMs: number): Promise<void> {
    const goal = this.acked.length + count;
    await waitFor(`${count} more acknowledged writes`, async () => this.acked.length >= goal, timeoutMs);
  }

  /** The longest time between two acknowledgements. */
  longestGapSeconds(): number {
    let gap = 0;
    for (let i = 1; i < this.ackTimes.length; i++) gap = Math.max(gap, this.ackTimes[i] - this.ackTimes[i - 1]);
    return gap / 1000;
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.loops);
  }

  /** Acknowledged keys missing on the one master there is now. */
  async lost(): Promise<number> {
    const final = await waitFor('exactly one master', async () => { const m = await masters(this.r); return m.masters.length === 1 ? m.masters[0] : undefined; }, 120_000);
    // one connection, EXISTS on a batch of keys at a time (it counts the ones that exist)
    const conn = await RedisClient.connect(final.ip, 6379, 5000);
    try {
      if (await conn.command(['AUTH', this.r.password]) !== 'OK') throw new Error('AUTH refused');
      let lost = 0;
      for (let i = 0; i < this.acked.length; i += 500) {
        const batch = this.acked.slice(i, i + 500);
        lost += batch.length - Number(await conn.command(['EXISTS', ...batch], 10_000));
      }
      return lost;
    } finally {
      conn.close();
    }
  }
}

/** A rolling restart of the Redis data pods (3 data, 3 sentinels), and its mutation. */
export function redisRollingRestart(t: Target): void {
  describe(`Redis: a rolling restart of the data pods (${where(t)}: 3 data, 3 sentinels)`, () => {
    const ns = t.namespace;
    beforeAll(() => deleteNamespaces(cluster, [ns]), 300_000);
    afterAll(() => deleteNamespaces(cluster, [ns]), 300_000);

    test('no acknowledged write lost and never two writable masters', async () => {
      expect(await rollingRestart()).toEqual({ lost: 0, mostWritableMasters: 1 });
    }, 20 * 60_000);

    // the proof that the scenario can fail: the handover without its write pause (the old master
    // takes writes until Sentinel demotes it, after a replica was promoted)
    test('mutation: a preStop that fails over without pausing writes loses writes or makes two writable masters', async () => {
      await deleteNamespaces(cluster, [ns]);
      const noPause = (objects: ManifestObject[]) => {
        const config = objects.find((m) => m.object.kind === 'ConfigMap' && m.object.data?.['prestop-redis.sh']);
        if (!config) throw new Error('no ConfigMap with prestop-redis.sh');
        const script: string = config.object.data['prestop-redis.sh'];
        const mutated = script.replace(/^reply=\$\(local_cli CLIENT PAUSE .*$/m, 'reply=OK');
        if (mutated === script) throw new Error('the CLIENT PAUSE line of prestop-redis.sh was not found');
        config.object.data['prestop-redis.sh'] = mutated;
      };
      const result = await rollingRestart(noPause, 'mutation: ');
      expect(result.lost > 0 || result.mostWritableMasters > 1).toBe(true);
    }, 20 * 60_000);

    async function rollingRestart(mutate?: (objects: ManifestObject[]) => void, label = ''): Promise<{ lost: number; mostWritableMasters: number }> {
      const r = await syncRedis(t, mutate);
      await waitFor('one master known to the sentinels', async () => (await masters(r)).masters.length === 1, 120_000);
      const writer = new RedisWriter(r, 'rolling');
      try {
        await writer.waitForAcks(300, 60_000);
        const seconds = await rolloutRestart(cluster, ns, r.data, 10 * 60_000);
        await writer.waitForAcks(100, 120_000);
        await writer.stop();
        const lost = await writer.lost();
        figures.push(`redis  ${where(t)}  ${label}rolling restart of ${r.data.metadata!.name} (3 pods, grace periods honoured): ${seconds.toFixed(0)} s; ` +
          `longest write gap ${writer.longestGapSeconds().toFixed(1)} s; ${lost} of ${writer.acked.length} acknowledged writes lost; at most ${writer.mostWritableMasters} writable master(s) at once`);
        return { lost, mostWritableMasters: writer.mostWritableMasters };
      } finally {
        await writer.stop();
      }
    }
  });
}

/** Every Redis data pod deleted at once with the sentinels scaled to zero, and its mutation. */
export function redisFullRestart(t: Target): void {
  describe(`Redis: a full restart without sentinels (${where(t)})`, () => {
    const ns = t.namespace;
    beforeAll(() => deleteNamespaces(cluster, [ns]), 300_000);
    afterAll(() => deleteNamespaces(cluster, [ns]), 300_000);

    test('every data pod deleted at once with the sentinels down ends with one master and every acknowledged write', async () => {
      expect(await fullRestart()).toBe(0);
    }, 15 * 60_000);

    // the proof that the scenario can fail: no persistence (no AOF, no RDB save points)
    test('mutation: without persistence the restart loses the acknowledged writes', async () => {
      await deleteNamespaces(cluster, [ns]);
      const noPersistence = (objects: ManifestObject[]) => {
        const config = objects.find((m) => m.object.kind === 'ConfigMap' && m.object.data?.['redis.conf']);
        if (!config) throw new Error('no ConfigMap with redis.conf');
        const conf: string = config.object.data['redis.conf'];
        const mutated = conf.replace(/^appendonly yes$/m, 'appendonly no').replace(/^save .*$/m, 'save ""');
        if (!/^appendonly no$/m.test(mutated) || !/^save ""$/m.test(mutated)) throw new Error('redis.conf has no appendonly and save lines to turn off');
        config.object.data['redis.conf'] = mutated;
      };
      expect(await fullRestart(noPersistence, 'mutation: ')).toBeGreaterThan(0);
    }, 15 * 60_000);

    async function fullRestart(mutate?: (objects: ManifestObject[]) => void, label = ''): Promise<number> {
      const r = await syncRedis(t, mutate);
      const writer = new RedisWriter(r, 'full');
      await writer.waitForAcks(300, 60_000);
      await writer.stop();
      // persisted: an acknowledged write reaches the AOF within a second (appendfsync everysec)
      await sleep(2000);
      await scale(r.sentinels, 0);
      await waitFor('no sentinel pod left', async () => (await podsOf(cluster, ns, labelsOf(r.sentinels))).length === 0, 180_000);
      const before = await masters(r);
      const started = Date.now();
      for (const p of await podsOf(cluster, ns, labelsOf(r.data))) await deletePod(cluster, ns, p.name);
      const one = await waitFor('every data pod back and exactly one master', async () => {
        const pods = await podsOf(cluster, ns, labelsOf(r.data));
        const m = await masters(r);
        return pods.length === r.data.spec.replicas && pods.every((p) => p.ready) && m.masters.length === 1 ? m.masters[0] : undefined;
      }, 240_000, 1000);
      const seconds = (Date.now() - started) / 1000;
      const lost = await writer.lost();
      figures.push(`redis  ${where(t)}  ${label}full restart, sentinels down: one master (${one.name}; before: ${before.masters.map((p) => p.name).join(',')}) ${seconds.toFixed(0)} s after the delete; ${lost} of ${writer.acked.length} acknowledged writes lost`);
      await scale(r.sentinels, r.sentinels.spec.replicas);
      return lost;
    }
  });
}

async function scale(sts: KubernetesObject, replicas: number): Promise<void> {
  await cluster.apply({ apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: sts.metadata!.name, namespace: sts.metadata!.namespace }, spec: { replicas } },
    { fieldManager: `${FIELD_MANAGER}-scale` });
}

/** A rolling restart of the NATS servers under a publisher to an R3 stream, and its mutation. */
export function natsRollingRestart(t: Target): void {
  describe(`NATS: a rolling restart of the servers (${where(t)}: 3 servers, streams from NACK)`, () => {
    const ns = t.namespace;
    beforeAll(() => deleteNamespaces(cluster, [ns]), 300_000);
    afterAll(() => deleteNamespaces(cluster, [ns]), 300_000);

    test('every acknowledged message of an R3 stream is there after the restart', async () => {
      expect(await natsRolling()).toBe(0);
    }, 20 * 60_000);

    // the proof that the scenario can fail: the stream on one replica, the servers' storage not
    // persisted (emptyDir), so the server holding the stream comes back without its messages
    test('mutation: an R1 stream on unpersisted storage loses acknowledged messages', async () => {
      await deleteNamespaces(cluster, [ns]);
      const r1Unpersisted = (objects: ManifestObject[]) => {
        const stream = firstR3(objects.map((m) => m.object));
        stream.spec.replicas = 1;
        const sts = find(objects, (o) => o.kind === 'StatefulSet', 'NATS StatefulSet');
        const claims: KubernetesObject[] = sts.spec.volumeClaimTemplates ?? [];
        if (!claims.length) throw new Error('the NATS StatefulSet has no volume claim to replace');
        sts.spec.template.spec.volumes = [...(sts.spec.template.spec.volumes ?? []), ...claims.map((c) => ({ name: c.metadata!.name, emptyDir: {} }))];
        delete sts.spec.volumeClaimTemplates;
      };
      expect(await natsRolling(r1Unpersisted, 'mutation: ')).toBeGreaterThan(0);
    }, 20 * 60_000);

    const firstR3 = (objects: KubernetesObject[]) => {
      const stream = objects.find((o) => o.kind === 'Stream' && (o.spec.replicas ?? 1) >= 3);
      if (!stream) throw new Error('no stream with 3 replicas');
      return stream;
    };

    async function natsRolling(mutate?: (objects: ManifestObject[]) => void, label = ''): Promise<number> {
      // the stream is chosen before the mutation, which may change its replicas
      const chosen = firstR3(readEnvironment(`${DIST}/${t.platform}/${t.env}`).map((m) => m.object)).spec.name;
      const objects = await syncComponents(cluster, t.platform, t.env, ['nats.k8s.yaml'], mutate);
      const sts = find(objects, (o) => o.kind === 'StatefulSet', 'NATS StatefulSet');
      const streams = objects.filter((m) => m.object.kind === 'Stream').map((m) => m.object);
      const r3 = streams.find((st) => st.spec.name === chosen)!;
      const stream = r3.spec.name;
      const subject = String(r3.spec.subjects[0]).replace(/\*/g, 'test').replace(/>$/, 'test');
      const serverPods = () => podsOf(cluster, ns, labelsOf(sts));
      const users = await NatsSession.users(cluster, ns, objects, r3);
      await waitFor(`stream ${stream} created by NACK`, async () => {
        const c = await NatsClient.connect((await serverPods())[0].ip, 4222, 5000, users.admin);
        try { return (await c.jsApi(`$JS.API.STREAM.INFO.${stream}`)).config !== undefined; } finally { c.close(); }
      }, 180_000, 1000);

      // publish until stopped, to whichever server is up; a message counts once JetStream acknowledged it.
      // A list, not a map by sequence: a stream that restarts empty hands out the same sequences again,
      // and a map would let the new messages hide the lost ones.
      const acked: Array<{ seq: number; body: string }> = [];
      let running = true;
      let n = 0;
      let seconds = 0;
      const publisher = (async () => {
        let client: NatsClient | undefined;
        while (running) {
          try {
            if (!client) {
              const ready = (await serverPods()).filter((p) => p.ready);
              client = await NatsClient.connect(ready[n % ready.length].ip, 4222, 5000, users.publisher);
            }
            const body = `rolling-${n++}`;
            const ack = JSON.parse((await client.request(subject, body, 3000)).data.toString());
            if (!ack.error && ack.stream === stream) acked.push({ seq: ack.seq, body });
          } catch {
            client?.close();
            client = undefined;
            await sleep(100);
          }
        }
        client?.close();
      })();
      try {
        await waitFor('300 acknowledged messages', async () => acked.length >= 300, 60_000);
        seconds = await rolloutRestart(cluster, ns, sts, 15 * 60_000);
        const goal = acked.length + 100;
        await waitFor('100 more acknowledged messages', async () => acked.length >= goal, 120_000);
      } finally {
        running = false;
        await publisher;
      }
      const reader = await NatsClient.connect((await serverPods())[0].ip, 4222, 5000, users.admin);
      const stored = new Map<number, string>();
      let lost = 0;
      for (const { seq, body } of acked) {
        if (!stored.has(seq)) {
          const m = await reader.jsApi(`$JS.API.STREAM.MSG.GET.${stream}`, { seq }).catch(() => undefined);
          stored.set(seq, Buffer.from(m?.message?.data ?? '', 'base64').toString());
        }
        if (stored.get(seq) !== body) lost++;
      }
      reader.close();
      figures.push(`nats   ${where(t)}  ${label}rolling restart of ${sts.metadata!.name} (3 servers, lame duck): ${seconds.toFixed(0)} s; ${lost} of ${acked.length} acknowledged messages of ${stream} lost`);
      return lost;
    }
  });
}
