import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { renderYaml } from '../../synth/render';
import { craftedExtras, manifestsDir, Obj, removeTempDirs, tempDir } from './fixtures';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { plan, referencedSecrets, operatorsFor, globToRegExp } = require('../../e2e/plan.js');

const objects = (list: Obj[]) => list.map((object, index) => ({ file: 'x.k8s.yaml', index, object }));
const workDir = () => tempDir('plan-test-');
afterAll(removeTempDirs);

function dirWith(files: Record<string, Obj[]>): string {
  const dir = workDir();
  for (const [f, list] of Object.entries(files)) fs.writeFileSync(path.join(dir, `${f}.k8s.yaml`), renderYaml(list));
  return dir;
}

const meta = (name: string, wave?: number, extra: Obj = {}) => ({
  name, namespace: 'shop', ...(wave === undefined ? {} : { annotations: { 'argocd.argoproj.io/sync-wave': String(wave) } }), ...extra,
});

describe('plan', () => {
  test('waves in numeric order (-10 before -5 before 0 before 10), one file each, holding that wave\'s objects', () => {
    const dir = dirWith({
      a: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: meta('ten', 10) }, { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta('none') }],
      b: [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop', annotations: { 'argocd.argoproj.io/sync-wave': '-10' } } },
        { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta('minus-five', -5) }, { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta('two', 2) }],
    });
    const out = workDir();
    const lines: string[] = plan(dir, out);
    const waves = lines.filter((l) => l.startsWith('wave ')).map((l) => l.split(' '));
    expect(waves.map((w) => w[1])).toEqual(['-10', '-5', '0', '2', '10']);
    expect(waves[2][2]).toBe(path.join(out, 'wave_0.yaml'));
    expect(waves[2][3]).toBe('a.k8s.yaml');
    const names = (file: string) => parseAllDocuments(fs.readFileSync(file, 'utf8')).map((d) => (d.toJS() as Obj).metadata.name);
    expect(names(waves[0][2])).toEqual(['shop']);
    expect(names(waves[4][2])).toEqual(['ten']);
    expect(lines[0]).toBe('namespace shop');
  });

  test('waits: rollout for Deployments/StatefulSets, Ready for Strimzi and NACK resources, Complete for Jobs; none for the rest', () => {
    const dir = manifestsDir('deltran-mvp', 'dev', craftedExtras('deltran'));
    const lines: string[] = plan(dir, workDir());
    const waits = lines.filter((l) => l.startsWith('wait '));
    expect(waits).toContain('wait 5 ready deltran kafkas.kafka.strimzi.io events');
    expect(waits).toContain('wait 6 ready deltran kafkatopics.kafka.strimzi.io orders');
    expect(waits).toContain('wait 12 complete deltran job seed');
    expect(waits).toContain('wait 10 rollout deltran deployment tls-client');
    // every workload of the synthesized platform is waited for, in its own wave
    for (const file of fs.readdirSync(dir)) {
      for (const doc of parseAllDocuments(fs.readFileSync(path.join(dir, file), 'utf8'))) {
        const o = doc.toJS() as Obj;
        if (o.kind === 'StatefulSet' || o.kind === 'Deployment') {
          const wave = o.metadata.annotations?.['argocd.argoproj.io/sync-wave'] ?? '0';
          expect(waits).toContain(`wait ${wave} rollout ${o.metadata.namespace} ${o.kind.toLowerCase()} ${o.metadata.name}`);
        }
      }
    }
  });

  test('the ArgoCD objects are left out, with a note', () => {
    const dir = manifestsDir('deltran-mvp', 'dev');
    const out = workDir();
    const lines: string[] = plan(dir, out);
    expect(lines.some((l) => /^note left out \d+ ArgoCD objects \(argocd\.k8s\.yaml\)/.test(l))).toBe(true);
    for (const f of fs.readdirSync(out)) expect(fs.readFileSync(path.join(out, f), 'utf8')).not.toMatch(/apiVersion: argoproj\.io/);
  });

  test('skipping files by glob', () => {
    const dir = dirWith({ 'svc-api': [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: meta('api') }], postgres: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: meta('pg') }] });
    const lines: string[] = plan(dir, workDir(), ['svc-*']);
    expect(lines.filter((l) => l.startsWith('wave '))).toEqual([expect.stringMatching(/ postgres\.k8s\.yaml$/)]);
    expect(globToRegExp('svc-*').test('svc-gateway')).toBe(true);
    expect(globToRegExp('edge').test('edges')).toBe(false);
  });

  test('an empty folder is a clear error', () => {
    expect(() => plan(workDir(), workDir())).toThrow(/no \*\.k8s\.yaml files .*npm run synth/);
  });
});

describe('operatorsFor', () => {
  test('by API group, Istio also for an injected namespace; NACK gets the NATS client URL', () => {
    const ops = operatorsFor(objects([
      { apiVersion: 'kafka.strimzi.io/v1', kind: 'KafkaTopic', metadata: meta('t') },
      { apiVersion: 'monitoring.coreos.com/v1', kind: 'PodMonitor', metadata: meta('m') },
      { apiVersion: 'jetstream.nats.io/v1beta2', kind: 'Stream', metadata: meta('s') },
      { apiVersion: 'v1', kind: 'Service', metadata: meta('events'), spec: { selector: { 'app.kubernetes.io/name': 'nats' }, ports: [{ port: 4222 }] } },
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop', labels: { 'istio-injection': 'enabled' } } },
    ]));
    expect(ops).toEqual([['strimzi'], ['prometheus-crds'], ['nack', 'nats://events.shop.svc:4222'], ['istio']]);
    expect(operatorsFor(objects([{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'x' } }]))).toEqual([]);
  });
});

describe('referencedSecrets', () => {
  test('env, envFrom, volumes, projections and CR secretName fields; keys merged per Secret', () => {
    const pod = {
      containers: [{
        env: [{ name: 'A', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } }, { name: 'B', valueFrom: { secretKeyRef: { name: 'db', key: 'user' } } }],
        envFrom: [{ secretRef: { name: 'app-env' } }],
      }],
      volumes: [
        { name: 'tls', secret: { secretName: 'nats-tls' } },
        { name: 'p', projected: { sources: [{ secret: { name: 'proj', items: [{ key: 'token', path: 't' }] } }] } },
      ],
    };
    const list = referencedSecrets(objects([
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: meta('d'), spec: { template: { spec: pod } } },
      { apiVersion: 'example.io/v1', kind: 'Backup', metadata: meta('b'), spec: { credentials: { secretName: 's3', key: 'AWS_ACCESS_KEY_ID' } } },
    ]));
    expect(list).toEqual([
      { ns: 'shop', name: 'app-env', type: 'generic', keys: ['password'] },
      { ns: 'shop', name: 'db', type: 'generic', keys: ['password', 'user'] },
      { ns: 'shop', name: 'nats-tls', type: 'tls', keys: ['tls.crt', 'tls.key'] },
      { ns: 'shop', name: 'proj', type: 'generic', keys: ['token'] },
      { ns: 'shop', name: 's3', type: 'generic', keys: ['AWS_ACCESS_KEY_ID'] },
    ]);
  });

  test('Secrets in the manifests, KafkaUser Secrets and Strimzi CA Secrets are not created', () => {
    const ref = (name: string) => ({ name: 'X', valueFrom: { secretKeyRef: { name, key: 'k' } } });
    const list = referencedSecrets(objects([
      { apiVersion: 'v1', kind: 'Secret', metadata: meta('own') },
      { apiVersion: 'kafka.strimzi.io/v1', kind: 'KafkaUser', metadata: meta('events-api') },
      { apiVersion: 'kafka.strimzi.io/v1', kind: 'Kafka', metadata: meta('events') },
      {
        apiVersion: 'apps/v1', kind: 'Deployment', metadata: meta('d'),
        spec: { template: { spec: { containers: [{ env: [ref('own'), ref('events-api'), ref('events-cluster-ca-cert'), ref('needed')] }] } } },
      },
    ]));
    expect(list.map((s: Obj) => s.name)).toEqual(['needed']);
  });

  test('on a shipped platform: every password the spec names', () => {
    const dir = manifestsDir('deltran-mvp', 'dev');
    const names = (plan(dir, workDir()) as string[]).filter((l) => l.startsWith('secret ')).map((l) => l.split(' ')[2]);
    expect(names).toEqual(expect.arrayContaining(['deltran-db-superuser', 'deltran-db-replication', 'deltran-db-app', 'deltran-redis']));
  });
});
