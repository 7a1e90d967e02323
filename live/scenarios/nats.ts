import { NatsClient } from '../clients/nats';
import { LiveCluster } from '../cluster';
import { K8sObject, Manifests } from '../manifests';
import { getJson } from '../patroni';
import { Pod, sleep } from '../pod';

export interface NatsFigures {
  readonly timeToReady: Record<string, number>;
  readonly metaLeader: string;
  readonly streamsCreated: string[];
  readonly testedStream: string;
  readonly stoppedServer: string;
  readonly publishedBefore: number;
  readonly publishedWhileDown: number;
  readonly messagesLost: number;
  readonly stopSeconds: number;
  readonly newStreamLeaderSeconds: number;
  readonly rejoinSeconds: number;
}

export interface NatsLayout {
  readonly sts: K8sObject;
  /** Stream name -> JSON config from the `<name>-streams` ConfigMap. */
  readonly streams: Record<string, Record<string, any>>;
  readonly clientPort: number;
  readonly monitorPort: number;
}

export function natsLayout(m: Manifests): NatsLayout {
  const sts = m.ofKind('StatefulSet').find((s) => s.spec.template.spec.containers.some((c: K8sObject) => c.name === 'nats'));
  if (!sts) throw new Error('no StatefulSet with a "nats" container');
  const cm = m.find('ConfigMap', `${sts.metadata.name}-streams`);
  if (!cm) throw new Error(`no ConfigMap ${sts.metadata.name}-streams with the stream definitions`);
  const streams: Record<string, Record<string, any>> = {};
  for (const [key, text] of Object.entries(cm.data ?? {})) {
    const config = JSON.parse(String(text));
    if (!config.name) throw new Error(`${cm.metadata.name}/${key}: no "name" in the stream config`);
    streams[config.name] = config;
  }
  const ports = sts.spec.template.spec.containers.find((c: K8sObject) => c.name === 'nats').ports;
  const port = (n: number) => ports.find((p: K8sObject) => p.containerPort === n)?.containerPort ?? n;
  return { sts, streams, clientPort: port(4222), monitorPort: port(8222) };
}

/**
 * Scenario 3: the servers form a cluster with a JetStream meta leader; every declared stream is
 * created from its generated definition ($JS.API.STREAM.CREATE.<name>, as the stream operator
 * would); messages go to an R3 stream; that stream's leader is stopped the Kubernetes way
 * (preStop lame duck, SIGTERM, grace period) and kept down; the stream stays readable and
 * writable on the other two; the server comes back and catches up.
 */
export async function runNatsScenario(cluster: LiveCluster, log: (s: string) => void = () => undefined): Promise<NatsFigures> {
  const layout = natsLayout(cluster.manifests);
  const servers = await cluster.startStatefulSet(layout.sts.metadata.name);
  const timeToReady = await cluster.waitReady(servers, 90_000);
  log(`ready: ${JSON.stringify(timeToReady)}`);
  const jsz = (p: Pod) => getJson(`http://${p.ip}:${layout.monitorPort}/jsz`);
  const routez = (p: Pod) => getJson(`http://${p.ip}:${layout.monitorPort}/routez`);

  const metaLeader = await cluster.waitFor(`a full mesh of routes and one JetStream meta leader known to all ${servers.length} servers`, async () => {
    const leaders = new Set<string>();
    for (const p of servers) {
      const r = await routez(p);
      if ((r?.num_routes ?? 0) < servers.length - 1) return undefined;
      const j = await jsz(p);
      const meta = j?.meta_cluster;
      if (!meta?.leader || (meta.cluster_size ?? 0) !== servers.length) return undefined;
      leaders.add(meta.leader);
    }
    return leaders.size === 1 ? [...leaders][0] : undefined;
  }, 90_000, servers);
  log(`meta leader ${metaLeader}`);

  const client = await NatsClient.connect(servers[0].ip, layout.clientPort);
  const clients: NatsClient[] = [client];
  try {
    const created: string[] = [];
    for (const [name, config] of Object.entries(layout.streams).sort()) {
      const r = await client.jsApi(`$JS.API.STREAM.CREATE.${name}`, config, 10_000);
      const got = r.config ?? {};
      for (const field of ['subjects', 'max_bytes', 'max_age', 'num_replicas', 'storage', 'retention', 'duplicate_window']) {
        if (field in config && JSON.stringify(got[field]) !== JSON.stringify(config[field])) {
          throw new Error(`stream ${name}: the server stored ${field}=${JSON.stringify(got[field])}, the definition says ${JSON.stringify(config[field])}`);
        }
      }
      created.push(name);
    }
    log(`created ${created.join(', ')}`);

    const r3 = Object.values(layout.streams).find((s) => (s.num_replicas ?? 1) >= 3);
    if (!r3) throw new Error('no stream with 3 replicas is declared; the scenario needs one');
    const stream = String(r3.name);
    const subject = String(r3.subjects[0]).replace(/\*/g, 'live').replace(/>$/, 'live');
    const info = async (c: NatsClient) => c.jsApi(`$JS.API.STREAM.INFO.${stream}`);
    await cluster.waitFor(`stream ${stream} has a leader and ${servers.length - 1} current replicas`, async () => {
      const i = await info(client);
      return i.cluster?.leader && (i.cluster.replicas ?? []).filter((r: K8sObject) => r.current).length === servers.length - 1;
    }, 60_000, servers);

    const publish = async (c: NatsClient, from: number, count: number) => {
      let acked = 0;
      for (let n = from; n < from + count; n++) {
        const m = await c.request(subject, `message-${n}`, 5000);
        const ack = JSON.parse(m.data.toString());
        if (ack.error) throw new Error(`publish ${n} to ${stream}: ${ack.error.description}`);
        if (ack.stream === stream && ack.seq) acked++;
      }
      return acked;
    };
    const before = 500;
    const publishedBefore = await publish(client, 0, before);

    // Stop the stream's leader (the hardest server to lose), the Kubernetes way, and keep it down.
    const leaderName = (await info(client)).cluster.leader as string;
    const victim = servers.find((p) => p.name === leaderName);
    if (!victim) throw new Error(`stream leader ${leaderName} is not one of the pods`);
    const survivors = servers.filter((p) => p !== victim);
    const survivorClient = await NatsClient.connect(survivors[0].ip, layout.clientPort);
    clients.push(survivorClient);
    const stopStarted = Date.now();
    await cluster.deletePod(victim.name, { recreate: false });
    const stopSeconds = (Date.now() - stopStarted) / 1000;
    log(`stopped ${victim.name} in ${stopSeconds.toFixed(1)} s`);
    const newLeader = await cluster.waitFor(`stream ${stream} led by a surviving server`, async () => {
      const i = await info(survivorClient);
      return i.cluster?.leader && i.cluster.leader !== victim.name ? String(i.cluster.leader) : undefined;
    }, 60_000, survivors);
    const newStreamLeaderSeconds = (Date.now() - stopStarted) / 1000;
    log(`stream leader now ${newLeader}`);

    const whileDown = 500;
    const publishedWhileDown = await publish(survivorClient, before, whileDown);
    const total = before + whileDown;
    let lost = 0;
    for (let seq = 1; seq <= total; seq++) {
      const m = await survivorClient.jsApi(`$JS.API.STREAM.MSG.GET.${stream}`, { seq }).catch(() => undefined);
      const text = m?.message?.data ? Buffer.from(m.message.data, 'base64').toString() : undefined;
      if (text !== `message-${seq - 1}`) lost++;
    }
    log(`read back ${total - lost}/${total}`);

    const returned = Date.now();
    const back = await cluster.recreatePod(victim.name);
    await cluster.waitReady([back], 180_000);
    await cluster.waitFor(`${victim.name} current again on stream ${stream}`, async () => {
      const i = await info(survivorClient);
      const peers = [i.cluster?.leader, ...(i.cluster?.replicas ?? []).filter((r: K8sObject) => r.current).map((r: K8sObject) => r.name)];
      return peers.includes(victim.name) && i.state?.messages === total;
    }, 120_000, [back]);
    const rejoinSeconds = (Date.now() - returned) / 1000;
    if (publishedBefore !== before || publishedWhileDown !== whileDown) {
      throw new Error(`acknowledged ${publishedBefore}/${before} before and ${publishedWhileDown}/${whileDown} while a server was down`);
    }
    if (lost > 0) throw new Error(`${lost} of ${total} acknowledged messages are not readable from stream ${stream}`);
    await sleep(100);
    return {
      timeToReady, metaLeader, streamsCreated: created, testedStream: stream, stoppedServer: victim.name,
      publishedBefore, publishedWhileDown, messagesLost: lost, stopSeconds, newStreamLeaderSeconds, rejoinSeconds,
    };
  } finally {
    for (const c of clients) c.close();
  }
}
