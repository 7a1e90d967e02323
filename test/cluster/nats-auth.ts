import type { ManifestObject } from '../../cluster/lib/manifests';
import { NatsClient } from './clients/nats';
import { testCluster } from './kube';
import { natsPublisher, natsStreamAdmin } from './nats-users';
import { deleteNamespaces } from './platform-checks';
import { find, podsOf, syncComponents, waitFor } from './pods';

/**
 * NATS per-service authorization on the real cluster (deltran-mvp staging): NACK creates every
 * stream as the stream admin; a client without credentials is refused; a service's user may
 * publish to its own subjects (JetStream acknowledges) and nowhere else. Every user name and
 * password the servers read from a Secret is one NATS would parse as something else than a string
 * if nats.conf took it bare (a hex password with an exponent, a size, digits, spaces, quotes).
 */
const cluster = testCluster();
const ns = 'deltran';
/** NATS per-service authorization (deltran-mvp staging), and its mutation. */
export function natsAuthorizationScenario(): void {
  describe('NATS: per-service authorization (deltran-mvp staging)', () => {
    beforeAll(() => deleteNamespaces(cluster, [ns]), 300_000);
    afterAll(() => deleteNamespaces(cluster, [ns]), 300_000);

    test('no credentials: refused; a service user: its subjects only; NACK: every stream', () => natsAuthorization(), 15 * 60_000);

    // the proof that the scenario can fail: settlement-engine also allowed every subject (">")
    test('mutation: a service user with every subject allowed publishes to another engine\'s subject', async () => {
      await deleteNamespaces(cluster, [ns]);
      const everySubject = (objects: ManifestObject[]) => {
        const config = objects.find((m) => m.object.kind === 'ConfigMap' && Object.values(m.object.data ?? {}).some((v) => String(v).includes('user: "settlement-engine"')));
        if (!config) throw new Error('no NATS ConfigMap with the settlement-engine user');
        for (const [key, text] of Object.entries<string>(config.object.data)) {
          config.object.data[key] = text.replace(/(user: "settlement-engine".*?publish: \{ allow: \[)/, '$1">", ');
        }
      };
      await expect(natsAuthorization(everySubject)).rejects.toThrow(/Received promise resolved instead of rejected/);
    }, 15 * 60_000);
  });
}

const AWKWARD = ['720eb7a67601f66bceec93e6a32dec9f', '47k5uMy5dcvmavKC0korDvl4vo1r3q5b', '12345678', 'pass word #1', 'q"uo\\te $HOME'];

/** A Secret with an awkward value under each key for every Secret the NATS servers read. */
function awkwardSecrets(objects: ManifestObject[]): void {
  const sts = find(objects, (o) => o.kind === 'StatefulSet', 'NATS StatefulSet');
  const keys = new Map<string, Set<string>>();
  for (const e of sts.spec.template.spec.containers[0].env ?? []) {
    const ref = e.valueFrom?.secretKeyRef;
    if (ref) keys.set(ref.name, (keys.get(ref.name) ?? new Set()).add(ref.key));
  }
  let i = 0;
  for (const [name, names] of keys) {
    const stringData = Object.fromEntries([...names].map((key) => [key, AWKWARD[i++ % AWKWARD.length]]));
    objects.push({ file: 'nats.k8s.yaml', object: { apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace: ns }, type: 'Opaque', stringData } });
  }
}

async function natsAuthorization(mutate: (objects: ManifestObject[]) => void = () => undefined): Promise<void> {
  const objects = await syncComponents(cluster, 'deltran-mvp', 'staging', ['nats.k8s.yaml'], (o) => { awkwardSecrets(o); mutate(o); });
  const sts = find(objects, (o) => o.kind === 'StatefulSet', 'NATS StatefulSet');
  const streams = objects.filter((m) => m.object.kind === 'Stream').map((m) => m.object);
  await waitFor(`NACK reports all ${streams.length} streams Ready (as the stream admin)`, async () => {
    for (const s of streams) {
      const live: any = await cluster.objects.read({ apiVersion: s.apiVersion, kind: s.kind, metadata: { name: s.metadata!.name, namespace: ns } });
      if (!(live.status?.conditions ?? []).some((c: any) => c.type === 'Ready' && c.status === 'True')) return false;
    }
    return true;
  }, 180_000, 1000);
  const server = (await podsOf(cluster, ns, sts.spec.selector.matchLabels))[0].ip;

  await expect(NatsClient.connect(server, 4222)).rejects.toThrow(/Authorization Violation/);
  await expect(NatsClient.connect(server, 4222, 5000, { user: 'settlement-engine', password: 'wrong' })).rejects.toThrow(/Authorization Violation/);

  const settlement = await natsPublisher(cluster, ns, objects, 'events.settlement.*');
  const client = await NatsClient.connect(server, 4222, 5000, settlement);
  const ack = JSON.parse((await client.request('events.settlement.completed', 'paid', 5000)).data.toString());
  expect(ack).toMatchObject({ stream: 'SETTLEMENT' });
  // another engine's subject: the server refuses the publish
  client.publish('events.clearing.closed', 'not mine');
  await expect(client.flush()).rejects.toThrow(/Permissions Violation for Publish to "events\.clearing\.closed"/);
  client.close();

  // the stream admin reads it back through the JetStream API; a service user may not
  const admin = await NatsClient.connect(server, 4222, 5000, await natsStreamAdmin(cluster, ns, objects));
  const info = await admin.jsApi('$JS.API.STREAM.INFO.SETTLEMENT');
  expect(info.state.messages).toBe(1);
  admin.close();
  const again = await NatsClient.connect(server, 4222, 5000, settlement);
  again.publish('$JS.API.STREAM.DELETE.SETTLEMENT', '');
  await expect(again.flush()).rejects.toThrow(/Permissions Violation for Publish to "\$JS\.API\.STREAM\.DELETE\.SETTLEMENT"/);
  again.close();
  console.log(`nats auth  deltran-mvp/staging: passwords such as ${AWKWARD.map((v) => JSON.stringify(v)).join(', ')}; ${streams.length} streams created by NACK as the stream admin; no credentials and a wrong password refused; ` +
    `${settlement.user} published to events.settlement.* (acknowledged), refused on events.clearing.* and on $JS.API.STREAM.DELETE`);
}
