/**
 * The danger diff on a real git history: every commit carries a dist/ synthesized from a shipped
 * platform's prod spec, changed the way a user would change it (or, for what the spec cannot
 * express, the synthesized objects edited), and each danger must be flagged with its message
 * while the everyday changes stay quiet.
 */
import * as fs from 'fs';
import * as path from 'path';
import { loadAll } from 'js-yaml';
import { resolveSpec, synthEnvironment } from '../../charts/platform';
import { applyOverride } from '../../charts/lib/merge';
import { Override, PlatformSpec } from '../../charts/spec';
import { Danger } from '../../diff/dangers';
import { runDiff } from '../../diff/main';
import { PLATFORMS } from '../../platforms';
import { normalize, renderYaml } from '../../synth/render';
import { Obj } from './fixtures';
import { TempRepo } from './temp-repo';

jest.setTimeout(120_000);

const KAFKA = 'vatic-prop';
const NATS = 'deltran-mvp';
type Changes = Partial<Record<typeof KAFKA | typeof NATS, Override<PlatformSpec>>>;

/** dist/ files of both platforms' prod environment, each spec with its change applied. */
function synthesized(changes: Changes = {}): Map<string, string> {
  const files = new Map<string, string>();
  for (const name of [KAFKA, NATS] as const) {
    const def = PLATFORMS.find((p) => p.name === name)!;
    const spec = applyOverride(resolveSpec(def, 'prod'), changes[name]);
    const env = synthEnvironment({ ...def, base: spec, environments: { prod: {} } }, 'prod');
    for (const f of env.files) files.set(`dist/${name}/prod/${f.file}.k8s.yaml`, renderYaml(f.objects.map(normalize)));
  }
  return files;
}

/** The same files with the objects edited in place (what the spec cannot express). */
function edited(files: Map<string, string>, edit: (o: Obj, file: string) => void): Map<string, string> {
  const out = new Map<string, string>();
  for (const [file, text] of files) {
    const objects = loadAll(text) as Obj[];
    for (const o of objects) edit(o, file);
    out.set(file, renderYaml(objects));
  }
  return out;
}

describe('danger diff on real git history (vatic-prop and deltran-mvp prod)', () => {
  const repo = new TempRepo('diff-history-');
  const baseline = synthesized();
  let base = '';

  /** Commits `files` as the whole dist/ and diffs it against the baseline commit. */
  const commitAndDiff = (message: string, files: Map<string, string>) => {
    fs.rmSync(path.join(repo.dir, 'dist'), { recursive: true, force: true });
    for (const [file, text] of files) repo.write(file, text);
    const head = repo.commit(message);
    return runDiff({ repo: repo.dir, base, head, fromDist: true });
  };
  const fromSpec = (message: string, changes: Changes) => commitAndDiff(message, synthesized(changes));
  const summaries = (ds: readonly Danger[]) => ds.map((d) => `${d.rule} ${d.object}: ${d.summary}`);

  beforeAll(() => {
    for (const [file, text] of baseline) repo.write(file, text);
    base = repo.commit('baseline');
  });
  afterAll(() => repo.remove());

  describe('safe changes stay quiet', () => {
    test('a stateless service\'s image patch bump, a new env var and a new service: exit 0', () => {
      const r = fromSpec('everyday changes', {
        [NATS]: {
          services: {
            gateway: { image: 'ghcr.io/deltran/gateway:0.1.1', env: { FEATURE_FLAG: 'on' } },
            'audit-viewer': { image: 'ghcr.io/deltran/audit-viewer:1.0.0', ports: { api: { port: 8090 } } },
          },
        },
      });
      expect(r.diff.changed.length + r.diff.added.length).toBeGreaterThan(3);
      expect(summaries(r.dangers)).toEqual([]);
      expect(r.exitCode).toBe(0);
    });

    test('more replicas, a longer retention and more partitions: exit 0', () => {
      const topic = 'market-data.btc-ticks';
      const spec = resolveSpec(PLATFORMS.find((p) => p.name === KAFKA)!, 'prod');
      const t = spec.kafka!.topics![topic];
      const r = fromSpec('growth', {
        [KAFKA]: { kafka: { topics: { [topic]: { partitions: t.partitions * 2, config: { 'retention.ms': 10 * Number(t.config?.['retention.ms'] ?? 604800000) } } } } },
        [NATS]: { nats: { streams: { AUDIT: { maxAge: '8760h' } } }, redis: { replicas: 5 } },
      });
      expect(r.diff.changed.length).toBeGreaterThan(0);
      expect(summaries(r.dangers)).toEqual([]);
    });
  });

  describe('Kafka', () => {
    test('a topic\'s replication 3 -> 1, min.insync.replicas lowered, retention shortened and compaction switched on', () => {
      const r = fromSpec('weaker topic', {
        [KAFKA]: { kafka: { topics: { 'market-data.btc-ticks': { replicas: 1, config: { 'min.insync.replicas': 1, 'retention.ms': 60000, 'cleanup.policy': 'compact' } } } } },
      });
      const s = summaries(r.dangers);
      expect(s).toEqual(expect.arrayContaining([
        expect.stringMatching(/^durability-reduced kafka\.strimzi\.io\/KafkaTopic \S+: spec\.replicas 3 -> 1$/),
        expect.stringMatching(/^durability-reduced .*: config min\.insync\.replicas 2 -> 1$/),
        expect.stringMatching(/^retention-shortened .*: config retention\.ms \d+ -> 60000$/),
        expect.stringMatching(/^retention-shortened .*: config cleanup\.policy delete -> compact$/),
      ]));
      expect(r.dangers.find((d) => /spec\.replicas 3 -> 1/.test(d.summary))!.atApply).toMatch(/one broker lost .* loses acknowledged messages/);
      expect(r.dangers.find((d) => /retention\.ms/.test(d.summary))!.atApply).toMatch(/brokers delete every log segment outside the new limit/);
      expect(r.exitCode).toBe(1);
    });

    test('a broker pool scaled 3 -> 2 (topics lowered to fit), and the controllers 3 -> 1', () => {
      const topics = Object.keys(resolveSpec(PLATFORMS.find((p) => p.name === KAFKA)!, 'prod').kafka!.topics!);
      const twoCopies = Object.fromEntries(topics.map((t) => [t, { replicas: 2, config: { 'min.insync.replicas': 1 } }]));
      const r = fromSpec('fewer brokers', { [KAFKA]: { kafka: { brokers: 2, controllers: 1, topics: twoCopies } } });
      const pools = r.dangers.filter((d) => d.rule === 'replicas-reduced');
      expect(pools.map((d) => d.summary).sort()).toEqual(['spec.replicas 3 -> 1 (roles controller)', 'spec.replicas 3 -> 2 (roles broker)']);
      expect(pools.find((d) => /broker/.test(d.summary))!.atApply).toMatch(/refuses to remove brokers that still host partition replicas .* remove-brokers/);
      expect(r.dangers.filter((d) => d.rule === 'durability-reduced' && /spec\.replicas 3 -> 2/.test(d.summary))).toHaveLength(topics.length);
      expect(pools.find((d) => /controller/.test(d.summary))!.atApply).toMatch(/KRaft controller quorum shrinks from 3 to 1/);
    });

    test('a Kafka version move and a metadata version raise', () => {
      const r = fromSpec('kafka upgrade', { [KAFKA]: { kafka: { version: '4.2.1', metadataVersion: '4.2-IV1' } } });
      const before = baselineKafka();
      const versions = r.dangers.filter((d) => d.rule === 'data-version-changed').map((d) => d.summary);
      expect(versions).toEqual([
        `spec.kafka.version ${before.version ?? '(operator default)'} -> 4.2.1`,
        `spec.kafka.metadataVersion ${before.metadataVersion ?? "(the version's default)"} -> 4.2-IV1`,
      ]);
    });
  });

  describe('NATS and Redis', () => {
    test('stream replicas, storage and limits; fewer NATS servers; fewer Redis data pods', () => {
      const r = fromSpec('weaker streams', {
        [NATS]: { nats: { servers: 1, streams: { AUDIT: { replicas: 1, maxAge: '24h', maxBytes: '1GB', storage: 'memory' } } }, redis: { replicas: 2 } },
      });
      const s = summaries(r.dangers);
      expect(s).toEqual(expect.arrayContaining([
        expect.stringMatching(/^durability-reduced jetstream\.nats\.io\/Stream \S+-audit: spec\.replicas 3 -> 1$/),
        expect.stringMatching(/^immutable-field jetstream\.nats\.io\/Stream \S+-audit: spec\.storage file -> memory$/),
        expect.stringMatching(/^retention-shortened jetstream\.nats\.io\/Stream \S+-audit: spec\.maxAge 4320h -> 24h$/),
        expect.stringMatching(/^retention-shortened jetstream\.nats\.io\/Stream \S+-audit: spec\.maxBytes \d+ -> \d+$/),
        expect.stringMatching(/^replicas-reduced apps\/StatefulSet \S+\/deltran-events: spec\.replicas 3 -> 1$/),
        expect.stringMatching(/^replicas-reduced apps\/StatefulSet \S+\/deltran-cache: spec\.replicas 3 -> 2$/),
      ]));
      const nats = r.dangers.find((d) => d.object.endsWith('/deltran-events') && d.rule === 'replicas-reduced')!;
      expect(nats.atApply).toMatch(/raft peer-remove.*A quorum of 3 tolerated 1 failed member, 1 tolerates 0/);
    });

    test('a Redis password Secret renamed, and a Redis major downgrade', () => {
      const r = fromSpec('redis secret', { [NATS]: { redis: { passwordSecret: { name: 'deltran-redis-v2', key: 'password' }, image: 'redis:6.2.14-bookworm' } } });
      const secret = r.dangers.filter((d) => d.rule === 'secret-reference-changed');
      expect(secret.length).toBeGreaterThan(0);
      expect(secret[0].summary).toMatch(/deltran-redis -> deltran-redis-v2$/);
      expect(secret[0].atApply).toMatch(/CreateContainerConfigError/);
      expect(summaries(r.dangers)).toEqual(expect.arrayContaining([expect.stringMatching(/^data-version-changed .*redis:7\.2\.11-bookworm -> redis:6\.2\.14-bookworm \(downgrade\)$/)]));
    });

    test('a Postgres major upgrade through the version field', () => {
      const r = fromSpec('postgres 17', { [NATS]: { postgres: { version: 17, image: 'ghcr.io/zalando/spilo-17:4.0-p3' } } });
      expect(summaries(r.dangers)).toEqual(expect.arrayContaining([expect.stringMatching(/^data-version-changed apps\/StatefulSet .*spilo-15:\S+ -> spilo-17:\S+ \(major upgrade\)$/)]));
    });
  });

  describe('protections', () => {
    test('mTLS STRICT -> PERMISSIVE and a service port renumbered', () => {
      const r = fromSpec('looser mesh', { [NATS]: { mesh: { mtls: 'PERMISSIVE' }, services: { 'reporting-engine': { ports: { api: { port: 8087 } } } } } });
      const s = summaries(r.dangers);
      expect(s).toEqual(expect.arrayContaining([
        expect.stringMatching(/^access-loosened security\.istio\.io\/PeerAuthentication \S+\/default: mtls\.mode STRICT -> PERMISSIVE$/),
        expect.stringMatching(/^client-breaking Service \S+\/reporting-engine: port http-api 8088 -> 8087$/),
      ]));
    });

    test('a storage class change of a data volume', () => {
      const r = fromSpec('other class', { [NATS]: { redis: { storage: { size: '10Gi', storageClass: 'gp2' } } } });
      expect(summaries(r.dangers)).toEqual(expect.arrayContaining([
        expect.stringMatching(/^storage-class-changed apps\/StatefulSet \S+\/deltran-cache: spec\.volumeClaimTemplates\[name=\S+\]\.spec\.storageClassName: "gp3" -> "gp2"$/),
      ]));
    });

    test('Prune=false,Delete=false removed from a data-bearing object; preventDelete dropped', () => {
      const r = commitAndDiff('unprotected', edited(baseline, (o) => {
        if (o.kind === 'KafkaTopic' || o.kind === 'Stream') delete o.metadata.annotations['argocd.argoproj.io/sync-options'];
        if (o.kind === 'Stream') o.spec.preventDelete = false;
      }));
      const topics = r.dangers.filter((d) => d.rule === 'sync-protection-removed' && d.object.includes('KafkaTopic'));
      expect(topics.length).toBeGreaterThan(0);
      expect(topics[0].summary).toBe('argocd.argoproj.io/sync-options: Prune=false, Delete=false removed');
      expect(topics[0].atApply).toMatch(/ArgoCD now prunes this object .* deleting its Application now deletes it/);
      expect(r.dangers.some((d) => d.summary === 'spec.preventDelete true -> false')).toBe(true);
    });

    test('claim retention switched to Delete together with a scale-down: the claims go with the pods', () => {
      const r = commitAndDiff('retention delete + scale down', edited(baseline, (o) => {
        if (o.kind === 'StatefulSet' && o.metadata.name === 'deltran-cache') {
          o.spec.persistentVolumeClaimRetentionPolicy = { whenDeleted: 'Delete', whenScaled: 'Delete' };
          o.spec.replicas = 1;
        }
      }));
      const rules = r.dangers.filter((d) => d.object.endsWith('/deltran-cache')).map((d) => d.rule).sort();
      expect(rules).toEqual(['claim-retention-weakened', 'claim-retention-weakened', 'claims-deleted-on-scale-down', 'replicas-reduced']);
      expect(r.dangers.find((d) => d.rule === 'claims-deleted-on-scale-down')!.atApply).toMatch(/deletes the 2 highest-numbered pods and then their PersistentVolumeClaims/);
    });

    test('a NetworkPolicy opened to every peer, a PDB loosened, an AuthorizationPolicy removed while its workload stays', () => {
      const r = commitAndDiff('looser policies', edited(baseline, (o, file) => {
        if (o.kind === 'NetworkPolicy' && file.endsWith('redis.k8s.yaml') && o.spec.ingress) o.spec.ingress.push({ ports: [{ port: 6379 }] });
        if (o.kind === 'PodDisruptionBudget' && o.metadata.name === 'deltran-events') o.spec.maxUnavailable = 2;
        if (o.kind === 'AuthorizationPolicy' && o.metadata.name === 'clearing-engine') o.kind = 'Dropped';
      }));
      const s = summaries(r.dangers);
      expect(s).toEqual(expect.arrayContaining([
        expect.stringMatching(/^access-loosened networking\.k8s\.io\/NetworkPolicy .*: 1 ingress rule added or widened \(one allows every peer\)$/),
        expect.stringMatching(/^disruption-budget-weakened policy\/PodDisruptionBudget \S+\/deltran-events: minAvailable: \(unset\) -> \(unset\); maxUnavailable: 1 -> 2$/),
        expect.stringMatching(/^access-loosened security\.istio\.io\/AuthorizationPolicy \S+\/clearing-engine: removed/),
      ]));
    });

    test('a whole service removed with its policies flags no protection', () => {
      const spec = resolveSpec(PLATFORMS.find((p) => p.name === NATS)!, 'prod');
      const callers = Object.entries(spec.services!).filter(([, s]) => s.talksTo?.includes('reporting-engine'));
      const r = fromSpec('service gone', {
        [NATS]: {
          services: { 'reporting-engine': null, ...Object.fromEntries(callers.map(([n, s]) => [n, { talksTo: s.talksTo!.filter((t) => t !== 'reporting-engine') }])) },
          edge: spec.edge ? { routes: spec.edge.routes.filter((route) => route.service !== 'reporting-engine') } : undefined,
        },
      });
      expect(r.diff.removed.some((o) => o.id.kind === 'AuthorizationPolicy')).toBe(true);
      expect(r.dangers.filter((d) => d.rule === 'access-loosened' || d.rule === 'disruption-budget-weakened')).toEqual([]);
    });
  });

  describe('the safe defaults of this project, as a change from the manifests before them', () => {
    /** The baseline as it was synthesized before: Kafka unpinned, one AppProject open to the argocd namespace and every kind, 5xx retries. */
    const before = edited(baseline, (o) => {
      if (o.kind === 'Kafka') { delete o.spec.kafka.version; delete o.spec.kafka.metadataVersion; }
      if (o.kind === 'AppProject' && !o.metadata.name.endsWith('-argocd')) {
        o.spec.destinations.push({ server: 'https://kubernetes.default.svc', namespace: 'argocd' });
        o.spec.clusterResourceWhitelist = [{ group: '', kind: 'Namespace' }];
        o.spec.namespaceResourceWhitelist = [{ group: '*', kind: '*' }];
      }
      for (const route of o.kind === 'VirtualService' ? o.spec.http ?? [] : []) {
        if (route.retries?.retryOn === 'connect-failure,refused-stream,unavailable,cancelled,503') route.retries = { ...route.retries, perTryTimeout: '3s', retryOn: '5xx,reset,connect-failure,retriable-4xx' };
      }
    });

    test('pinning Kafka is flagged (brokers roll if the running version differs); tighter projects and safer retries are not', () => {
      fs.rmSync(path.join(repo.dir, 'dist'), { recursive: true, force: true });
      for (const [file, text] of before) repo.write(file, text);
      const old = repo.commit('before the safe defaults');
      for (const [file, text] of baseline) repo.write(file, text);
      const now = repo.commit('the safe defaults');
      const r = runDiff({ repo: repo.dir, base: old, head: now, fromDist: true });
      expect(r.diff.changed.some((c) => c.id.kind === 'AppProject')).toBe(true);
      expect(r.diff.changed.some((c) => c.id.kind === 'VirtualService')).toBe(true);
      expect(summaries(r.dangers)).toEqual([
        expect.stringMatching(/^data-version-changed kafka\.strimzi\.io\/Kafka \S+: spec\.kafka\.version \(operator default\) -> 4\.3\.1$/),
        expect.stringMatching(/^data-version-changed kafka\.strimzi\.io\/Kafka \S+: spec\.kafka\.metadataVersion \(the version's default\) -> 4\.3-IV0$/),
      ]);
      // and the other way round, opening the project again is flagged
      const back = runDiff({ repo: repo.dir, base: now, head: old, fromDist: true });
      expect(back.dangers.filter((d) => d.rule === 'access-loosened').map((d) => d.object)).toEqual(expect.arrayContaining([expect.stringMatching(/^argoproj\.io\/AppProject argocd\//)]));
    });
  });

  function baselineKafka(): Obj {
    const text = baseline.get(`dist/${KAFKA}/prod/kafka.k8s.yaml`)!;
    return (loadAll(text) as Obj[]).find((o) => o.kind === 'Kafka')!.spec.kafka;
  }
});
