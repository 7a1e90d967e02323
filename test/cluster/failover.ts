import { query, PgTarget, Writer } from './clients/postgres';
import { redisOnce } from './clients/redis';
import { NatsSession } from './nats-users';
import type { KubernetesObject } from '../../cluster/lib/client';
import type { ManifestObject } from '../../cluster/lib/manifests';
import { deleteNamespaces, readyAddresses } from './platform-checks';
import { appRole } from './postgres-app';
import { describeDcs, synchronousStandbys } from './patroni-dcs';
import { deletePod, find, podsOf, recentLogs, secretValue, sleep, syncComponents, waitFor } from './pods';
import { FIELD_MANAGER, testCluster } from './kube';
import { Target, where } from './target';

/**
 * Failures on the real cluster, with a writer attached and every acknowledged write counted:
 * the Postgres primary's pod deleted with grace 0, the Redis master deleted with its grace period
 * (its preStop runs) and with grace 0, a NATS server deleted. Each prints its figures.
 * The clients run on the node itself and reach pods and Services by their cluster addresses.
 */
const cluster = testCluster();
const figures: string[] = [];
afterAll(() => { if (figures.length) console.log(`failover on the real cluster:\n${figures.join('\n')}`); });

const labelsOf = (o: KubernetesObject): Record<string, string> => o.spec.selector.matchLabels;
const envRef = (container: any, name: string) => container.env.find((e: any) => e.name === name)?.valueFrom?.secretKeyRef;

/**
 * The Postgres primary deleted with grace 0, and lost for good, 3 runs; a mutation. Staging: 3
 * members, synchronous like prod, without prod's WAL-G archiving (no WAL-G can be built here).
 */
export function postgresFailover(t: Target): void {
  describe(`Postgres: the primary pod deleted with grace 0 (${where(t)}: 3 members, synchronous)`, () => {
    const ns = t.namespace;
    beforeAll(() => deleteNamespaces(cluster, [ns]), 300_000);
    afterAll(() => deleteNamespaces(cluster, [ns]), 300_000);

    test('a member takes over, writes through PgBouncer resume, no acknowledged write is lost', () => primaryDeleted(), 20 * 60_000);

    // the proof that the scenario can fail: -rw selecting Patroni 4's role value, which Patroni 3
    // never sets, leaves PgBouncer nothing to connect to
    test('mutation: a -rw Service whose role value Patroni never sets stops the writes', async () => {
      await deleteNamespaces(cluster, [ns]);
      const wrongRole = (objects: ManifestObject[]) => {
        objects.filter((m) => m.object.kind === 'Service' && m.object.metadata!.name.endsWith('-rw') && m.object.spec.selector?.role)
          .forEach((m) => { m.object.spec.selector.role = 'primary'; });
        // the PostSync reconcile Job would wait minutes for a primary behind -rw: left out, the writers are what this checks
        objects.splice(0, objects.length, ...objects.filter((m) => m.object.kind !== 'Job'));
      };
      await expect(primaryDeleted(wrongRole, 45_000)).rejects.toThrow(/writes committed/);
    }, 20 * 60_000);

    // a node failure: the pod is gone and is not recreated before another member takes over (a
    // ResourceQuota keeps the StatefulSet from replacing it), so the promotion is a real one
    test('the primary lost for good: another member is promoted and writes through PgBouncer are back within 5 s of the promotion, 3 runs', async () => {
      await deleteNamespaces(cluster, [ns]);
      const objects = await syncComponents(cluster, t.platform, t.env, ['postgres.k8s.yaml', 'pgbouncer.k8s.yaml']);
      const sts = find(objects, (o) => o.kind === 'StatefulSet' && o.spec.template.spec.containers[0].command?.[0] === 'patroni', 'Patroni StatefulSet');
      const scope = sts.metadata!.name!;
      const pooler = find(objects, (o) => o.kind === 'Service' && /pooler$/.test(o.metadata!.name), 'PgBouncer -rw Service');
      const superRef = envRef(sts.spec.template.spec.containers[0], 'PATRONI_SUPERUSER_PASSWORD');
      const superuser = await secretValue(cluster, ns, superRef.name, superRef.key);
      const admin = (ip: string, database = 'postgres'): PgTarget => ({ host: ip, port: 5432, user: 'postgres', password: superuser, database });
      const app = appRole(sts, objects);
      const appPassword = await secretValue(cluster, ns, app.secret, app.key);
      const poolerIp = (await cluster.core.readNamespacedService({ namespace: ns, name: pooler.metadata!.name })).spec!.clusterIP!;
      const afterPromotion: number[] = [];
      for (let run = 1; run <= 3; run++) {
        const members = await waitFor('every member ready, one leader', async () => {
          const pods = await podsOf(cluster, ns, labelsOf(sts));
          return pods.length === sts.spec.replicas && pods.every((p) => p.ready) && pods.filter((p) => p.labels.role === 'master').length === 1 ? pods : undefined;
        }, 300_000, 1000);
        const leader = members.find((p) => p.labels.role === 'master')!;
        await waitFor('every replica streaming', async () => (await query(admin(leader.ip), 'SELECT 1 FROM pg_stat_replication')).length === members.length - 1, 180_000);
        // a node lost before the new leader has named a synchronous standby is not replaced: Patroni
        // promotes only a member the /sync key names (the case a PodDisruptionBudget cannot cover)
        const syncWaitStarted = Date.now();
        const syncStandby = await waitFor('a synchronous standby named in the DCS and confirming synchronously', async () => {
          const sync = await synchronousStandbys(cluster, ns, scope);
          const confirming = (await query(admin(leader.ip), "SELECT application_name FROM pg_stat_replication WHERE sync_state = 'sync'")).map((r) => r[0]);
          return sync.leader === leader.name ? sync.standbys.find((name) => confirming.includes(name)) : undefined;
        }, 120_000, 500, () => describeDcs(cluster, ns, scope));
        const syncWait = (Date.now() - syncWaitStarted) / 1000;
        await query(admin(leader.ip, app.database), `CREATE TABLE IF NOT EXISTS promotion_writes (id bigint PRIMARY KEY, at timestamptz DEFAULT now()); ALTER TABLE promotion_writes OWNER TO "${app.role}"; TRUNCATE promotion_writes`);
        const writer = new Writer({ host: poolerIp, port: pooler.spec.ports[0].port, user: app.role, password: appPassword, database: app.database }, 'promotion_writes');
        writer.start();
        try {
          await writer.waitForCommits(200, 60_000);
          await holdPodCount(ns);
          const killedAt = Date.now();
          await deletePod(cluster, ns, leader.name, 0);
          const next = await waitFor('another member labelled leader and ready', async () => {
            const pods = await podsOf(cluster, ns, labelsOf(sts));
            return pods.find((p) => p.labels.role === 'master' && p.ready && p.name !== leader.name);
          }, 180_000, 100, async () => `${await describeDcs(cluster, ns, scope)}\n`
            + await recentLogs(cluster, ns, members.filter((p) => p.name !== leader.name).map((p) => p.name), sts.spec.template.spec.containers[0].name, 80));
          const promotedAt = Date.now();
          const goal = writer.committed.size;
          await waitFor('writes through PgBouncer after the promotion', async () => writer.committed.size > goal && writer.lastCommitAt > killedAt, 120_000, 50);
          const resumed = (writer.lastCommitAt - promotedAt) / 1000;
          afterPromotion.push(resumed);
          await writer.waitForCommits(50, 60_000);
          await writer.stop();
          const present = new Set((await query(admin(next.ip, app.database), 'SELECT id FROM promotion_writes', 30_000)).map((r) => Number(r[0])));
          const lost = [...writer.committed].filter((id) => !present.has(id)).length;
          figures.push(`postgres  ${where(t)}  run ${run}: ${syncStandby} named synchronous ${syncWait.toFixed(1)} s after every replica streamed; ${leader.name} lost (grace 0, not recreated); ${next.name} promoted after ${((promotedAt - killedAt) / 1000).toFixed(1)} s; ` +
            `writes through PgBouncer back ${resumed.toFixed(2)} s after the promotion; ${lost} of ${writer.committed.size} acknowledged writes lost`);
          expect(lost).toBe(0);
        } finally {
          await writer.stop().catch(() => undefined);
          await releasePodCount(ns, sts);
        }
      }
      expect(afterPromotion.every((seconds) => seconds <= 5)).toBe(true);
    }, 30 * 60_000);

    /** A ResourceQuota at the namespace's pod count now: a deleted pod is not replaced until releasePodCount. */
    async function holdPodCount(namespace: string): Promise<void> {
      // the quota counts pods that are not finished (a completed Job's pod is not)
      const running = (await cluster.core.listNamespacedPod({ namespace })).items
        .filter((p) => !p.metadata?.deletionTimestamp && !['Succeeded', 'Failed'].includes(p.status?.phase ?? '')).length;
      await cluster.apply({ apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'node-lost', namespace }, spec: { hard: { pods: String(running - 1) } } }, { fieldManager: FIELD_MANAGER });
      // the quota admits nothing until its controller has counted the pods
      await waitFor('the quota counted', async () => {
        const q: any = await cluster.objects.read({ apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'node-lost', namespace } });
        return q.status?.used?.pods !== undefined;
      }, 60_000);
    }

    async function releasePodCount(namespace: string, sts: KubernetesObject): Promise<void> {
      await cluster.objects.delete({ apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'node-lost', namespace } }).catch(() => undefined);
      // the StatefulSet controller backs off after refused creates: a change to the object wakes it
      await cluster.apply({ apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: sts.metadata!.name, namespace, annotations: { 'platform-test/quota-released': String(Date.now()) } } },
        { fieldManager: `${FIELD_MANAGER}-poke` });
    }

    async function primaryDeleted(mutate?: (objects: ManifestObject[]) => void, commitTimeoutMs = 60_000): Promise<void> {
      const objects = await syncComponents(cluster, t.platform, t.env, ['postgres.k8s.yaml', 'pgbouncer.k8s.yaml'], mutate);
      const sts = find(objects, (o) => o.kind === 'StatefulSet' && o.spec.template.spec.containers[0].command?.[0] === 'patroni', 'Patroni StatefulSet');
      const pooler = find(objects, (o) => o.kind === 'Service' && /pooler/.test(o.metadata!.name) && !/-ro$/.test(o.metadata!.name), 'PgBouncer -rw Service');
      const superRef = envRef(sts.spec.template.spec.containers[0], 'PATRONI_SUPERUSER_PASSWORD');
      const superuser = await secretValue(cluster, ns, superRef.name, superRef.key);
      const members = await podsOf(cluster, ns, labelsOf(sts));
      const leader = members.find((p) => p.labels.role === 'master')!;
      const admin = (ip: string, database = 'postgres'): PgTarget => ({ host: ip, port: 5432, user: 'postgres', password: superuser, database });

      // the writer is the application: its role (the first role-password file the pod mounts),
      // the database that role owns, through PgBouncer
      const app = appRole(sts, objects);
      const appPassword = await secretValue(cluster, ns, app.secret, app.key);
      const database = app.database;
      await query(admin(leader.ip, database), `CREATE TABLE IF NOT EXISTS failover_writes (id bigint PRIMARY KEY, at timestamptz DEFAULT now()); ALTER TABLE failover_writes OWNER TO "${app.role}"`);
      const replication = await waitFor('every replica streaming', async () => {
        const rows = await query(admin(leader.ip), 'SELECT application_name, sync_state FROM pg_stat_replication');
        return rows.length === members.length - 1 ? rows : undefined;
      }, 120_000);
      const poolerIp = pooler.spec.clusterIP ?? (await cluster.core.readNamespacedService({ namespace: ns, name: pooler.metadata!.name })).spec!.clusterIP!;
      const poolerPort = pooler.spec.ports[0].port;
      const writer = new Writer({ host: poolerIp, port: poolerPort, user: app.role, password: appPassword, database }, 'failover_writes');
      writer.start();
      try {
        await writer.waitForCommits(200, commitTimeoutMs);
        const killedAt = Date.now();
        await deletePod(cluster, ns, leader.name, 0);
        const next = await waitFor('a member labelled leader and ready, other than the deleted pod', async () => {
          const pods = await podsOf(cluster, ns, labelsOf(sts));
          return pods.find((p) => p.labels.role === 'master' && p.ready && p.uid !== leader.uid);
        }, 180_000);
        const promotionSeconds = (Date.now() - killedAt) / 1000;
        const goal = writer.committed.size;
        await waitFor('writes through PgBouncer after the failover', async () => writer.committed.size > goal && writer.lastCommitAt > killedAt, 120_000);
        const gapSeconds = (writer.lastCommitAt - killedAt) / 1000;
        await writer.waitForCommits(100, 60_000);
        await writer.stop();
        const rw = await readyAddresses(cluster, ns, `${sts.metadata!.name}-rw`);
        const present = new Set((await query(admin(next.ip, database), 'SELECT id FROM failover_writes', 30_000)).map((r) => Number(r[0])));
        const lost = [...writer.committed].filter((id) => !present.has(id));
        figures.push(`postgres  ${where(t)}  ${leader.name} deleted (grace 0); leader now ${next.name} (${next.name === leader.name ? 'same member, restarted' : 'promoted'}) after ${promotionSeconds.toFixed(1)} s; ` +
          `writes through PgBouncer resumed after ${gapSeconds.toFixed(1)} s; ${lost.length} of ${writer.committed.size} acknowledged writes lost; replicas before: ${replication.map((r) => r.join(':')).join(', ')}`);
        expect(rw).toEqual([next.ip]);
        expect(lost).toEqual([]);
      } finally {
        await writer.stop().catch(() => undefined);
      }
    }
  });
}

/** The Redis master deleted with its grace period (its preStop runs), then with grace 0. */
export function redisFailover(t: Target): void {
  describe(`Redis: the master deleted, with its grace period and with grace 0 (${where(t)}: 3 data, 3 sentinels)`, () => {
    const ns = t.namespace;
    afterAll(() => deleteNamespaces(cluster, [ns]), 300_000);
    let objects: Awaited<ReturnType<typeof syncComponents>>;
    let password = '';
    let data: KubernetesObject;
    let sentinels: KubernetesObject;
    let sentinelService = '';

    beforeAll(async () => {
      await deleteNamespaces(cluster, [ns]);
      objects = await syncComponents(cluster, t.platform, t.env, ['redis.k8s.yaml']);
      data = find(objects, (o) => o.kind === 'StatefulSet' && !/sentinel/.test(o.metadata!.name), 'Redis data StatefulSet');
      sentinels = find(objects, (o) => o.kind === 'StatefulSet' && /sentinel/.test(o.metadata!.name), 'Redis sentinel StatefulSet');
      const redisContainer = data.spec.template.spec.containers[0];
      const ref = envRef(redisContainer, 'REDIS_PASSWORD') ?? redisContainer.env.map((e: any) => e.valueFrom?.secretKeyRef).find(Boolean);
      password = await secretValue(cluster, ns, ref.name, ref.key);
      const svc = find(objects, (o) => o.kind === 'Service' && /sentinel/.test(o.metadata!.name) && o.spec.clusterIP !== 'None', 'sentinel Service');
      sentinelService = (await cluster.core.readNamespacedService({ namespace: ns, name: svc.metadata!.name })).spec!.clusterIP!;
    }, 15 * 60_000);

    async function master(): Promise<{ name: string; ip: string; uid: string }> {
      const pods = await podsOf(cluster, ns, labelsOf(data));
      const masters = [];
      for (const p of pods.filter((x) => x.ip)) {
        const info = await redisOnce(p.ip, 6379, password, ['ROLE']).catch(() => undefined);
        if (Array.isArray(info) && info[0] === 'master') masters.push(p);
      }
      if (masters.length !== 1) throw new Error(`${masters.length} masters among ${pods.map((p) => p.name).join(', ')}`);
      return masters[0];
    }

    /** Writes keys to whatever the sentinels name as master; a key counts once the master acknowledged it. */
    async function writeThroughFailover(graceSeconds: number | undefined, label: string): Promise<void> {
      const before = await waitFor('one master known to the sentinels', () => master(), 120_000);
      const masterName = await redisOnce(sentinelService, 26379, password, ['SENTINEL', 'MASTERS']) as any[];
      const setName = String((masterName[0] as string[])[1]);
      const acked: string[] = [];
      // the pod (by uid) that acknowledged each key: a crash may lose the dead master's last writes,
      // never a write another server acknowledged
      const ackedBy = new Map<string, string>();
      let running = true;
      let n = 0;
      const loop = (async () => {
        while (running) {
          try {
            const addr = await redisOnce(sentinelService, 26379, password, ['SENTINEL', 'GET-MASTER-ADDR-BY-NAME', setName]) as string[];
            const pods = await podsOf(cluster, ns, labelsOf(data));
            const target = pods.find((p) => addr[0] === p.ip || addr[0].startsWith(`${p.name}.`));
            if (!target) { await sleep(50); continue; }
            const key = `${label}-${n++}`;
            if ((await redisOnce(target.ip, 6379, password, ['SET', key, 'v'])) === 'OK') { acked.push(key); ackedBy.set(key, target.uid); }
          } catch { await sleep(50); }
        }
      })();
      try {
        await measure();
      } finally {
        running = false;
        await loop;
      }
      async function measure(): Promise<void> {
      await waitFor('200 acknowledged writes', async () => acked.length >= 200, 60_000);
      // a planned failover needs replicas to hand over to: every data pod ready (a replica is ready
      // once its sync is done) and every replica known to every sentinel and not marked down
      await waitFor('every replica in sync and seen by the sentinels', async () => {
        const pods = await podsOf(cluster, ns, labelsOf(data));
        if (pods.length !== data.spec.replicas || !pods.every((x) => x.ready)) return false;
        for (const sentinel of await podsOf(cluster, ns, labelsOf(sentinels))) {
          const replicas = await redisOnce(sentinel.ip, 26379, password, ['SENTINEL', 'REPLICAS', setName]) as string[][];
          const healthy = replicas.filter((r) => { const flags = r[r.indexOf('flags') + 1]; return flags === 'slave'; });
          if (healthy.length !== data.spec.replicas - 1) return false;
        }
        return true;
      }, 180_000);
      const killedAt = Date.now();
      await deletePod(cluster, ns, before.name, graceSeconds);
      // a master again: a promoted replica, or the deleted pod's replacement if it kept the role
      const after = await waitFor('a master other than the deleted pod', async () => { const m = await master(); return m.uid !== before.uid ? m : undefined; }, 180_000);
      const failoverSeconds = (Date.now() - killedAt) / 1000;
      const goal = acked.length;
      await waitFor('writes to the new master', async () => acked.length > goal + 100, 120_000);
      const resumedSeconds = (Date.now() - killedAt) / 1000;
      running = false;
      // every pod back and replicating: then read every acknowledged key from the master
      await waitFor('every data pod ready again', async () => { const p = await podsOf(cluster, ns, labelsOf(data)); return p.length === data.spec.replicas && p.every((x) => x.ready); }, 300_000);
      // Sentinel demotes a second master (the deleted pod's replacement, back before the failover
      // finished) only after it sees it: wait for one master, and report whether there were two
      let twoMasters = false;
      const final = await waitFor('exactly one master', async () => {
        try { return await master(); } catch (err) { if (/^2 masters/.test(String((err as Error).message))) twoMasters = true; throw err; }
      }, 120_000);
      const lostKeys: string[] = [];
      for (const key of acked) if ((await redisOnce(final.ip, 6379, password, ['EXISTS', key])) !== 1) lostKeys.push(key);
      const lost = lostKeys.length;
      const lostFromOthers = lostKeys.filter((key) => ackedBy.get(key) !== before.uid).length;
      figures.push(`redis     ${where(t)}  ${before.name} deleted (${graceSeconds === 0 ? 'grace 0' : 'with its grace period, preStop runs'}); master now ${after.name}${after.name === before.name ? ' (the same pod name: no replica took over)' : ''} after ${failoverSeconds.toFixed(1)} s; ` +
        `100 writes done ${resumedSeconds.toFixed(1)} s after the delete; ${lost} of ${acked.length} acknowledged writes lost (${lostFromOthers} acknowledged by a server other than the deleted one)${twoMasters ? '; two masters seen before Sentinel demoted one' : ''}`);
      expect(acked.length).toBeGreaterThan(goal);
      if (graceSeconds === undefined) {
        // planned: the preStop paused writes, a caught-up replica took over, nothing is lost
        expect(after.name).not.toBe(before.name);
        expect(lost).toBe(0);
      }
      // grace 0 is a crash: replication is asynchronous, so what the dead master acknowledged in its
      // last moment may be lost (reported). A write another server acknowledged must survive: the
      // replacement pod fenced while the sentinels fail over, the promoted replica after.
      expect(lostFromOthers).toBe(0);
      }
    }

    test('deleted with its grace period (the preStop fails over first)', () => writeThroughFailover(undefined, 'graceful'), 15 * 60_000);
    test('deleted with grace 0', () => writeThroughFailover(0, 'kill'), 15 * 60_000);
  });
}

/** A NATS stream leader deleted after NACK created every stream, and a mutation. */
export function natsFailover(t: Target): void {
  describe(`NATS: a server deleted (${where(t)}: 3 servers, streams from NACK)`, () => {
    const ns = t.namespace;
    beforeAll(() => deleteNamespaces(cluster, [ns]), 300_000);
    afterAll(() => deleteNamespaces(cluster, [ns]), 300_000);

    test('NACK creates every stream; the stream gets a new leader and keeps every acknowledged message', () => natsFailover(), 15 * 60_000);

    // the proof that the scenario can fail: streams that name a server port nothing listens on
    // (with authorization on, NACK connects through the Account's servers, so both are pointed away)
    test('mutation: streams pointing at a wrong port are never created', async () => {
      await deleteNamespaces(cluster, [ns]);
      const wrongPort = (objects: ManifestObject[]) => objects.filter((m) => ['Stream', 'Account'].includes(m.object.kind) && m.object.spec.servers)
        .forEach((m) => { m.object.spec.servers = m.object.spec.servers.map((u: string) => u.replace(/:4222$/, ':4999')); });
      await expect(natsFailover(wrongPort, 45_000)).rejects.toThrow(/NACK reports all \d+ streams Ready/);
    }, 15 * 60_000);

    async function natsFailover(mutate?: (objects: ManifestObject[]) => void, streamsTimeoutMs = 180_000): Promise<void> {
      const objects = await syncComponents(cluster, t.platform, t.env, ['nats.k8s.yaml'], mutate);
      const streams = objects.filter((m) => m.object.kind === 'Stream').map((m) => m.object);
      const sts = find(objects, (o) => o.kind === 'StatefulSet', 'NATS StatefulSet');
      // NACK turns every Stream resource into a JetStream stream and reports it Ready
      await waitFor(`NACK reports all ${streams.length} streams Ready`, async () => {
        for (const s of streams) {
          const live: any = await cluster.objects.read({ apiVersion: s.apiVersion, kind: s.kind, metadata: { name: s.metadata!.name, namespace: ns } });
          if (!(live.status?.conditions ?? []).some((c: any) => c.type === 'Ready' && c.status === 'True')) return false;
        }
        return true;
      }, streamsTimeoutMs, 1000);
      const r3 = streams.find((s) => (s.spec.replicas ?? 1) >= 3)!;
      const stream = r3.spec.name;
      const subject = String(r3.spec.subjects[0]).replace(/\*/g, 'test').replace(/>$/, 'test');
      const servers = await podsOf(cluster, ns, labelsOf(sts));
      const users = await NatsSession.users(cluster, ns, objects, r3);
      let client = await NatsSession.open(servers[0].ip, users.publisher, users.admin);
      const info = (c: NatsSession) => c.jsApi(`$JS.API.STREAM.INFO.${stream}`);
      const existing = (await info(client)).state?.messages ?? 0;
      const publish = async (c: NatsSession, from: number, count: number) => {
        for (let n = from; n < from + count; n++) {
          const ack = JSON.parse((await c.request(subject, `message-${n}`, 5000)).data.toString());
          if (ack.error || ack.stream !== stream) throw new Error(`publish ${n}: ${JSON.stringify(ack)}`);
        }
      };
      await publish(client, 0, 300);
      const leaderName = String((await info(client)).cluster.leader);
      const victim = servers.find((p) => p.name === leaderName)!;
      const survivor = servers.find((p) => p.name !== leaderName)!;
      client.close();
      client = await NatsSession.open(survivor.ip, users.publisher, users.admin);
      const stoppedAt = Date.now();
      await deletePod(cluster, ns, victim.name);
      const newLeader = await waitFor('a stream leader other than the deleted server', async () => {
        const l = (await info(client)).cluster?.leader;
        return l && l !== victim.name ? String(l) : undefined;
      }, 120_000);
      const leaderSeconds = (Date.now() - stoppedAt) / 1000;
      await publish(client, 300, 300);
      let lost = 0;
      for (let seq = existing + 1; seq <= existing + 600; seq++) {
        const m = await client.jsApi(`$JS.API.STREAM.MSG.GET.${stream}`, { seq }).catch(() => undefined);
        if (Buffer.from(m?.message?.data ?? '', 'base64').toString() !== `message-${seq - existing - 1}`) lost++;
      }
      client.close();
      figures.push(`nats      ${where(t)}  ${streams.length} streams created by NACK; stream ${stream} leader ${victim.name} deleted; new leader ${newLeader} after ${leaderSeconds.toFixed(1)} s; ${lost} of 600 acknowledged messages lost`);
      expect(lost).toBe(0);
    }
  });
}
