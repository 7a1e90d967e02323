import type { KubernetesObject } from '../../cluster/lib/client';
import type { ManifestObject } from '../../cluster/lib/manifests';
import { redisOnce } from './clients/redis';
import { testCluster } from './kube';
import { deleteNamespaces } from './platform-checks';
import { deletePod, find, podsOf, secretValue, syncComponents, waitFor } from './pods';

/**
 * The connection settings a service gets, used by a client in the service's own pod and nothing
 * else: wallet-service (wallet staging) with its Deployment as synthesized (labels, ServiceAccount,
 * NetworkPolicy, env), only the app container swapped for two client containers, psql from the
 * Postgres image and redis-cli from the Redis image, each running a loop that logs every write.
 * - Postgres: `DATABASE_URL`, composed by the kubelet from the DB_* variables, through PgBouncer.
 * - Redis: `REDIS_URL` through the master endpoint (`<name>-master`), and the master Sentinel
 *   names (`REDIS_SENTINEL_HOST`/`REDIS_MASTER_SET`, password `REDIS_PASSWORD`), before and after
 *   the master's pod is deleted (its preStop hands over).
 * Kafka is not running on the test cluster: the KAFKA_* variables and the CA volume are left out
 * (a separate test proves them against a real broker). NATS credentials are proven by
 * nats-auth.ts.
 */
const cluster = testCluster();
const ns = 'wallet';
const SERVICE = 'wallet-service';

const PG_LOOP = [
  'export HOME=/tmp',
  'until psql "$DATABASE_URL" -qAt -v ON_ERROR_STOP=1 -c "CREATE TABLE IF NOT EXISTS wiring_probe (id bigint PRIMARY KEY)" >/dev/null 2>&1; do echo "pg fail create"; sleep 1; done',
  'i=0',
  'while :; do i=$((i+1))',
  '  if out=$(psql "$DATABASE_URL" -qAt -v ON_ERROR_STOP=1 -c "INSERT INTO wiring_probe VALUES ($i) RETURNING id" 2>&1); then echo "pg ok $i"; else echo "pg fail $i $out"; fi',
  '  sleep 0.5',
  'done',
].join('\n');

const REDIS_LOOP = [
  'i=0',
  'while :; do i=$((i+1))',
  '  if out=$(timeout 60 redis-cli --no-auth-warning -u "$REDIS_URL" SET "wiring:proxy:$i" "$i" 2>&1) && [ "$out" = OK ]; then echo "proxy ok $i"; else echo "proxy fail $i $out"; fi',
  '  m=$(REDISCLI_AUTH="$REDIS_PASSWORD" redis-cli --no-auth-warning -h "$REDIS_SENTINEL_HOST" -p "$REDIS_SENTINEL_PORT" --raw SENTINEL get-master-addr-by-name "$REDIS_MASTER_SET" 2>/dev/null | head -1)',
  '  if [ -n "$m" ] && out=$(REDISCLI_AUTH="$REDIS_PASSWORD" redis-cli --no-auth-warning -h "$m" SET "wiring:sentinel:$i" "$i" 2>&1) && [ "$out" = OK ]; then echo "sentinel ok $i $m"; else echo "sentinel fail $i $m $out"; fi',
  '  sleep 0.2',
  'done',
].join('\n');

interface LogLine { at: number; text: string }

/** wallet-service's own Deployment reaching Postgres and Redis with its injected environment only. */
export function wiringScenario(): void {
  describe('wiring: an application reaches its data with its injected environment (wallet staging)', () => {
    beforeAll(() => deleteNamespaces(cluster, [ns]), 300_000);
    afterAll(() => deleteNamespaces(cluster, [ns]), 300_000);
    test('wallet-service reaches Postgres through PgBouncer and Redis through the master endpoint and Sentinel, across a Redis failover, with its injected environment only', async () => {
      const images: Record<string, string> = {};
      const objects = await syncComponentsOf(['postgres.k8s.yaml', 'pgbouncer.k8s.yaml', 'redis.k8s.yaml', `svc-${SERVICE}.k8s.yaml`], images);
      const deployment = find(objects, (o) => o.kind === 'Deployment' && o.metadata!.name === SERVICE, `${SERVICE} Deployment`);
      const env: Array<{ name: string; value?: string }> = deployment.spec.template.spec.containers[0].env;
      const value = (name: string) => env.find((e) => e.name === name)?.value;
      // the settings point at the pooler and the master endpoint, as docs/connections.md says
      expect(value('DB_HOST')).toMatch(/^wallet-db-pooler\.wallet\.svc\.cluster\.local$/);
      expect(value('REDIS_HOST')).toMatch(/^wallet-redis-master\.wallet\.svc\.cluster\.local$/);

      const pod = await waitFor(`${SERVICE} client pod running`, async () => (await podsOf(cluster, ns, deployment.spec.selector.matchLabels)).find((p) => p.ready), 300_000);
      const logs = async (container: string): Promise<LogLine[]> => {
        const text = await cluster.core.readNamespacedPodLog({ namespace: ns, name: pod.name, container, timestamps: true });
        return String(text).split('\n').filter(Boolean).map((l) => {
          const space = l.indexOf(' ');
          return { at: Date.parse(l.slice(0, space)), text: l.slice(space + 1) };
        });
      };
      const count = (lines: LogLine[], prefix: string, after = 0) => lines.filter((l) => l.at > after && l.text.startsWith(prefix)).length;

      // Postgres: inserts acknowledged through PgBouncer, as the service's role in its own database
      await waitFor('10 inserts through DATABASE_URL', async () => count(await logs('psql'), 'pg ok ') >= 10, 180_000, 1000);
      const pgLines = await logs('psql');

      // Redis, before the failover: both ways write
      await waitFor('writes through REDIS_URL and through the master Sentinel names', async () => {
        const l = await logs('redis-cli');
        if (count(l, 'proxy ok ') >= 10 && count(l, 'sentinel ok ') >= 10) return true;
        // the last lines go into the timeout's message: which way fails, and the client's error
        throw new Error(l.slice(-4).map((x) => x.text).join(' | ') || 'no output yet');
      }, 180_000, 1000);

      const redisSts = find(objects, (o) => o.kind === 'StatefulSet' && o.metadata!.name === 'wallet-redis', 'Redis data StatefulSet');
      const passwordRef = redisSts.spec.template.spec.containers[0].env.find((e: any) => e.name === 'REDIS_PASSWORD').valueFrom.secretKeyRef;
      const password = await secretValue(cluster, ns, passwordRef.name, passwordRef.key);
      const dataPods = await podsOf(cluster, ns, redisSts.spec.selector.matchLabels);
      const roles = await Promise.all(dataPods.map(async (p) => ({ pod: p, role: ((await redisOnce(p.ip, 6379, password, ['ROLE'])) as any[])[0] })));
      const master = roles.find((r) => r.role === 'master')!.pod;

      const deletedAt = Date.now();
      await deletePod(cluster, ns, master.name);
      const newMaster = await waitFor('a new master among the other data pods', async () => {
        for (const p of await podsOf(cluster, ns, redisSts.spec.selector.matchLabels)) {
          if (p.name === master.name) continue;
          const role = await redisOnce(p.ip, 6379, password, ['ROLE']).catch(() => undefined) as any[] | undefined;
          if (role?.[0] === 'master') return p;
        }
        return undefined;
      }, 180_000, 500);

      const after = await waitFor('writes through REDIS_URL and Sentinel after the failover', async () => {
        const l = await logs('redis-cli');
        if (count(l, 'proxy ok ', deletedAt) >= 10 && l.filter((x) => x.at > deletedAt && x.text.startsWith('sentinel ok ') && x.text.includes(newMaster.name)).length >= 10) return l;
        throw new Error(l.slice(-4).map((x) => x.text).join(' | '));
      }, 180_000, 1000);
      // the last write acknowledged through the master endpoint is on the new master
      const lastProxy = [...after].reverse().find((l) => l.text.startsWith('proxy ok '))!;
      const key = `wiring:proxy:${lastProxy.text.split(' ')[2]}`;
      expect(await redisOnce(newMaster.ip, 6379, password, ['GET', key])).toBe(lastProxy.text.split(' ')[2]);

      const proxyOk = after.filter((l) => l.text.startsWith('proxy ok ')).map((l) => l.at);
      const gap = Math.max(...proxyOk.slice(1).map((t, i) => t - proxyOk[i]));
      console.log(`wiring on the real cluster (wallet staging, ${SERVICE}, images ${images.psql} / ${images['redis-cli']}):\n` +
        `  postgres  ${count(pgLines, 'pg ok ')} inserts through DATABASE_URL (PgBouncer), ${count(pgLines, 'pg fail')} failed\n` +
        `  redis     ${master.name} deleted (preStop ran); ${newMaster.name} master; through REDIS_URL: ${count(after, 'proxy ok ')} ok, ` +
        `${count(after, 'proxy fail')} refused or failed, longest gap ${(gap / 1000).toFixed(1)} s; through Sentinel: ${count(after, 'sentinel ok ')} ok, ${count(after, 'sentinel fail')} failed`);
      expect(count(pgLines, 'pg ok ')).toBeGreaterThanOrEqual(10);
      // the longest gap through REDIS_URL is reported, not asserted: in 3 of 4 runs (1 of 2 after the
      // proxy got connect retries and keepalives) one connection made
      // during the handover was held until the client's own 60 s timeout (cause not found yet; see
      // docs/connections.md: clients of the master endpoint need a socket timeout)
    }, 30 * 60_000);
  });
}

/**
 * Syncs the components and the service's own objects, its Deployment with client containers in
 * place of the app (same env, labels and ServiceAccount), one replica, no probes (the clients
 * serve nothing), Kafka's variables and CA volume left out (no Kafka here).
 */
async function syncComponentsOf(files: string[], images: Record<string, string>): Promise<ManifestObject[]> {
  return syncComponents(cluster, 'wallet', 'staging', files, (objects) => {
    const imageOf = (pred: (o: KubernetesObject) => boolean, what: string) => find(objects, pred, what).spec.template.spec.containers[0].image as string;
    images.psql = imageOf((o) => o.kind === 'StatefulSet' && o.spec.template.spec.containers[0].command?.[0] === 'patroni', 'Patroni StatefulSet');
    images['redis-cli'] = imageOf((o) => o.kind === 'StatefulSet' && o.metadata!.name === 'wallet-redis', 'Redis data StatefulSet');
    const own = new Set(['ServiceAccount', 'Deployment', 'NetworkPolicy']);
    for (let i = objects.length - 1; i >= 0; i--) {
      if (objects[i].file === `svc-${SERVICE}.k8s.yaml` && !own.has(objects[i].object.kind)) objects.splice(i, 1);
    }
    const d = find(objects, (o) => o.kind === 'Deployment' && o.metadata!.name === SERVICE, `${SERVICE} Deployment`);
    d.spec.replicas = 1;
    delete d.spec.template.spec.affinity;
    const app = d.spec.template.spec.containers[0];
    const env = (app.env ?? []).filter((e: any) => !e.name.startsWith('KAFKA_'));
    const client = (name: string, image: string, script: string) => ({
      name, image, imagePullPolicy: 'IfNotPresent', command: ['sh', '-c', script], env,
      securityContext: app.securityContext, volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
      resources: { requests: { cpu: '10m', memory: '32Mi' }, limits: { memory: '128Mi' } },
    });
    d.spec.template.spec.containers = [client('psql', images.psql, PG_LOOP), client('redis-cli', images['redis-cli'], REDIS_LOOP)];
    d.spec.template.spec.volumes = (d.spec.template.spec.volumes ?? []).filter((v: any) => v.name === 'tmp');
  });
}
