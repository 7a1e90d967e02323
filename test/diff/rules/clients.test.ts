import { deployment, statefulSet } from '../fixtures';
import { dangersBetween, edited, lines, obj } from './helpers';

const svc = (spec: Record<string, unknown>) => obj('v1', 'Service', 'db', { selector: { app: 'db' }, ports: [{ name: 'tcp-postgres', port: 5432, targetPort: 5432 }], ...spec });

describe('Service', () => {
  test('headless <-> virtual IP is immutable; a new type exposes it', () => {
    const [d] = dangersBetween([svc({ clusterIP: 'None' })], [svc({})]);
    expect(d).toMatchObject({ rule: 'immutable-field', summary: 'spec.clusterIP: "None" -> (unset)' });
    expect(d.atApply).toContain('kubectl delete service db -n shop');
    expect(lines(dangersBetween([svc({})], [svc({ type: 'LoadBalancer' })]))).toEqual(['client-breaking: spec.type ClusterIP -> LoadBalancer']);
  });

  test('a port renumbered, renamed or removed breaks clients; a port added does not', () => {
    const renumbered = svc({ ports: [{ name: 'tcp-postgres', port: 5433, targetPort: 5432 }] });
    expect(lines(dangersBetween([svc({})], [renumbered]))).toEqual(['client-breaking: port tcp-postgres 5432 -> 5433']);
    const renamed = svc({ ports: [{ name: 'postgres', port: 5432, targetPort: 5432 }] });
    expect(lines(dangersBetween([svc({})], [renamed]))).toEqual(['client-breaking: port 5432 renamed tcp-postgres -> postgres']);
    const added = svc({ ports: [{ name: 'tcp-postgres', port: 5432, targetPort: 5432 }, { name: 'http-metrics', port: 9187 }] });
    expect(dangersBetween([svc({})], [added])).toEqual([]);
  });

  test('a selector change routes to other pods', () => {
    expect(lines(dangersBetween([svc({})], [svc({ selector: { app: 'db2' } })]))).toEqual(['client-breaking: spec.selector: {"app":"db"} -> {"app":"db2"}']);
  });
});

describe('Secret references and claims', () => {
  test('a Secret name in an env var changes', () => {
    const after = edited(statefulSet(), (o) => { o.spec.template.spec.containers[0].env[1].valueFrom.secretKeyRef.name = 'orders-db-superuser-v2'; });
    const [d] = dangersBetween([statefulSet()], [after]);
    expect(d).toMatchObject({ rule: 'secret-reference-changed' });
    expect(d.summary).toMatch(/secretKeyRef\.name orders-db-superuser -> orders-db-superuser-v2$/);
  });

  test('a new env var or image patch of a Deployment is quiet', () => {
    const after = edited(deployment('api', 'ghcr.io/shop/api:1.0.1'), (o) => { o.spec.template.spec.containers[0].env = [{ name: 'X', value: '1' }]; });
    expect(dangersBetween([deployment('api')], [after])).toEqual([]);
  });

  test('a storage class change of a claim template', () => {
    const after = edited(statefulSet(), (o) => { o.spec.volumeClaimTemplates[0].spec.storageClassName = 'gp3'; });
    expect(lines(dangersBetween([statefulSet()], [after]))).toEqual([
      'immutable-field: spec.volumeClaimTemplates changed',
      'storage-class-changed: spec.volumeClaimTemplates[name=data].spec.storageClassName: (unset) -> "gp3"',
    ]);
  });
});
