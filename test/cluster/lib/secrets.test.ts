import { randomSecret, referencedSecrets } from '../../../cluster/lib/secrets';

const pod = (env: unknown[], volumes: unknown[] = []) => ({
  apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd', namespace: 'ns' },
  spec: { template: { spec: { containers: [{ name: 'c', env }], volumes } } },
});

describe('referencedSecrets', () => {
  test('finds env, envFrom and volume references with the keys read, and leaves defined and operator-made Secrets out', () => {
    const objects = [
      pod([{ name: 'A', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } }], [{ name: 'v', secret: { secretName: 'certs', items: [{ key: 'tls.crt', path: 'c' }] } }]),
      { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'defined', namespace: 'ns' } },
      pod([{ name: 'B', valueFrom: { secretKeyRef: { name: 'defined', key: 'k' } } }, { name: 'C', valueFrom: { secretKeyRef: { name: 'app-user', key: 'password' } } }]),
      { apiVersion: 'kafka.strimzi.io/v1', kind: 'KafkaUser', metadata: { name: 'app-user', namespace: 'ns' } },
    ];
    expect(referencedSecrets(objects)).toEqual([
      { namespace: 'ns', name: 'certs', type: 'tls', keys: ['tls.crt', 'tls.key'] },
      { namespace: 'ns', name: 'db', type: 'generic', keys: ['password'] },
    ]);
  });

  test('random Secrets carry a distinct 32-character value per key', () => {
    const s = randomSecret({ namespace: 'ns', name: 'db', type: 'generic', keys: ['a', 'b'] });
    expect(s.stringData.a).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(s.stringData.a).not.toEqual(s.stringData.b);
  });
});
