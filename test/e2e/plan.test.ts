import * as fs from 'fs';
import * as path from 'path';
import { renderYaml } from '../../synth/render';
import { manifestsDir, Obj } from './fixtures';
import { tempDir } from '../temp-dirs';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { plan, referencedSecrets, operatorsFor } = require('../../e2e/plan.js');

const objects = (list: Obj[]) => list.map((object, index) => ({ file: 'x.k8s.yaml', index, object }));
const workDir = () => tempDir('plan-test-');

function dirWith(files: Record<string, Obj[]>): string {
  const dir = workDir();
  for (const [f, list] of Object.entries(files)) fs.writeFileSync(path.join(dir, `${f}.k8s.yaml`), renderYaml(list));
  return dir;
}

const meta = (name: string, wave?: number, extra: Obj = {}) => ({
  name, namespace: 'shop', ...(wave === undefined ? {} : { annotations: { 'argocd.argoproj.io/sync-wave': String(wave) } }), ...extra,
});

describe('plan', () => {
  test('the ArgoCD objects are left out, with a note', () => {
    const lines: string[] = plan(manifestsDir('deltran-mvp', 'dev'));
    expect(lines.some((l) => /^note left out \d+ ArgoCD objects \(argocd\.k8s\.yaml\)/.test(l))).toBe(true);
    expect(lines[0]).toBe('namespace deltran');
  });

  test('skipping files by glob', () => {
    const secretIn = (name: string) => ({
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: meta(name),
      spec: { template: { spec: { containers: [{ env: [{ name: 'P', valueFrom: { secretKeyRef: { name: `${name}-secret`, key: 'password' } } }] }] } } },
    });
    const dir = dirWith({ 'svc-api': [secretIn('api')], postgres: [secretIn('pg')], edges: [secretIn('edges')] });
    const secrets = (skip: string[]) => (plan(dir, skip) as string[]).filter((l) => l.startsWith('secret ')).map((l) => l.split(' ')[2]);
    expect(secrets([])).toEqual(['api-secret', 'edges-secret', 'pg-secret']);
    expect(secrets(['svc-*', 'edge'])).toEqual(['edges-secret', 'pg-secret']);
  });

  test('an empty folder is a clear error', () => {
    expect(() => plan(workDir())).toThrow(/no \*\.k8s\.yaml files .*npm run synth/);
  });
});

describe('operatorsFor', () => {
  test('by API group, Istio also for an injected namespace', () => {
    const ops = operatorsFor(objects([
      { apiVersion: 'kafka.strimzi.io/v1', kind: 'KafkaTopic', metadata: meta('t') },
      { apiVersion: 'monitoring.coreos.com/v1', kind: 'PodMonitor', metadata: meta('m') },
      { apiVersion: 'jetstream.nats.io/v1beta2', kind: 'Stream', metadata: meta('s') },
      { apiVersion: 'v1', kind: 'Service', metadata: meta('events'), spec: { selector: { 'app.kubernetes.io/name': 'nats' }, ports: [{ port: 4222 }] } },
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop', labels: { 'istio-injection': 'enabled' } } },
    ]));
    expect(ops).toEqual([['strimzi'], ['prometheus-crds'], ['nack'], ['istio']]);
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
    const names = (plan(dir) as string[]).filter((l) => l.startsWith('secret ')).map((l) => l.split(' ')[2]);
    expect(names).toEqual(expect.arrayContaining(['deltran-db-superuser', 'deltran-db-replication', 'deltran-db-app', 'deltran-redis']));
  });
});
