/** Manifest folders for the e2e tests: a synthesized shipped environment plus crafted extras. */
import * as fs from 'fs';
import * as path from 'path';
import { synthEnvironment } from '../../charts/platform';
import { PLATFORMS } from '../../platforms';
import { normalize, renderYaml } from '../../synth/render';
import { tempDir } from '../temp-dirs';

export type Obj = Record<string, any>;

/**
 * dist/<platform>/<env> rendered as synth writes it (validation is the synth tests' business),
 * plus `extra` files, in a fresh temp folder.
 */
export function manifestsDir(platform: string, env: string, extra: Record<string, Obj[]> = {}): string {
  const dir = tempDir(`e2e-${platform}-`);
  const def = PLATFORMS.find((p) => p.name === platform)!;
  for (const f of synthEnvironment(def, env).files) {
    fs.writeFileSync(path.join(dir, `${f.file}.k8s.yaml`), renderYaml(f.objects.map(normalize)));
  }
  for (const [file, objects] of Object.entries(extra)) fs.writeFileSync(path.join(dir, `${file}.k8s.yaml`), renderYaml(objects));
  return dir;
}

const wave = (n: number) => ({ 'argocd.argoproj.io/sync-wave': String(n) });

/** Strimzi, a one-off Job and a TLS-mounting Deployment, so every kind of step is exercised whatever the platform has. */
export function craftedExtras(ns: string): Record<string, Obj[]> {
  return {
    'zz-e2e-extras': [
      { apiVersion: 'kafka.strimzi.io/v1', kind: 'Kafka', metadata: { name: 'events', namespace: ns, annotations: wave(5) }, spec: {} },
      { apiVersion: 'kafka.strimzi.io/v1', kind: 'KafkaTopic', metadata: { name: 'orders', namespace: ns, annotations: wave(6) }, spec: { partitions: 3 } },
      {
        apiVersion: 'kafka.strimzi.io/v1', kind: 'KafkaUser', metadata: { name: 'events-api', namespace: ns, annotations: wave(6) },
        spec: { authentication: { type: 'scram-sha-512' } },
      },
      {
        apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'seed', namespace: ns, annotations: wave(12) },
        spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'seed', image: 'busybox:1.36' }] } } },
      },
      {
        apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'tls-client', namespace: ns, annotations: wave(10) },
        spec: {
          selector: { matchLabels: { app: 'tls-client' } },
          template: {
            metadata: { labels: { app: 'tls-client' } },
            spec: {
              containers: [{
                name: 'c', image: 'busybox:1.36',
                env: [{ name: 'KAFKA_PASSWORD', valueFrom: { secretKeyRef: { name: 'events-api', key: 'password' } } }],
              }],
              volumes: [{ name: 'certs', secret: { secretName: 'client-tls', items: [{ key: 'tls.crt', path: 'tls.crt' }, { key: 'tls.key', path: 'tls.key' }] } }],
            },
          },
        },
      },
    ],
  };
}
