import { compareTrees } from '../../diff/compare';
import { Danger, findDangers } from '../../diff/dangers';
import { synthShipped } from '../helpers';
import { deployment, job, kafkaTopic, nodePool, Obj, patroniConfig, pvc, statefulSet, stream, tree } from './fixtures';

function dangers(before: Record<string, Obj[]>, after: Record<string, Obj[]>): Danger[] {
  return findDangers(compareTrees(tree(before), tree(after)));
}

const rules = (ds: Danger[]) => ds.map((d) => d.rule);

describe('immutable fields', () => {
  test.each([
    ['serviceName', statefulSet('orders-db', { serviceName: 'other' })],
    ['volumeClaimTemplates', statefulSet('orders-db', { storage: '50Gi' })],
    ['podManagementPolicy', { ...statefulSet(), spec: { ...statefulSet().spec, podManagementPolicy: 'OrderedReady' } }],
    ['selector', { ...statefulSet(), spec: { ...statefulSet().spec, selector: { matchLabels: { app: 'x' } } } }],
  ])('StatefulSet spec.%s', (field, changed) => {
    const ds = dangers({ pg: [statefulSet()] }, { pg: [changed] });
    expect(ds).toHaveLength(1);
    expect(ds[0]).toMatchObject({ rule: 'immutable-field', scope: 'shop/prod', object: 'apps/StatefulSet shop/orders-db' });
    expect(ds[0].summary).toMatch(new RegExp(`^spec\\.${field} changed`));
    expect(ds[0].atApply).toMatch(/the API server rejects the update: StatefulSet spec\.\w+ is immutable/);
    expect(ds[0].atApply).toContain('kubectl delete statefulset orders-db -n shop --cascade=orphan');
  });

  test('replicas, image and other template changes of a StatefulSet are fine', () => {
    expect(dangers({ pg: [statefulSet()] }, { pg: [statefulSet('orders-db', { replicas: 5, image: 'ghcr.io/zalando/spilo-15:3.3-p1' })] })).toEqual([]);
  });

  test('Deployment selector; Job template', () => {
    const d = dangers({ app: [deployment('api')] }, { app: [deployment('api', 'ghcr.io/shop/api:1.0.0', { app: 'api' })] });
    expect(d.map((x) => [x.rule, x.summary.split(':')[0]])).toEqual([['immutable-field', 'spec.selector changed']]);
    expect(d[0].atApply).toMatch(/spec\.selector is immutable/);
    const j = dangers({ jobs: [job()] }, { jobs: [job('migrate', 'ghcr.io/shop/migrate:2')] });
    expect(j.map((x) => x.summary)).toEqual(['spec.template changed']);
    expect(j[0].atApply).toMatch(/pod template is immutable.*Replace=true/);
  });

  test('a Job Argo CD re-creates on every sync may change its template', () => {
    const changed = (annotations: Record<string, string>) =>
      dangers({ jobs: [job('migrate', 'ghcr.io/shop/migrate:1', annotations)] }, { jobs: [job('migrate', 'ghcr.io/shop/migrate:2', annotations)] })
        .map((x) => x.summary);
    const hook = 'argocd.argoproj.io/hook';
    const policy = 'argocd.argoproj.io/hook-delete-policy';
    expect(changed({ [hook]: 'PostSync', [policy]: 'BeforeHookCreation' })).toEqual([]);
    expect(changed({ [hook]: 'PreSync', [policy]: 'HookSucceeded, BeforeHookCreation' })).toEqual([]);
    // no policy named: Argo CD deletes the old hook before creating the new one
    expect(changed({ [hook]: 'PostSync' })).toEqual([]);
    expect(changed({ 'argocd.argoproj.io/sync-options': 'ServerSideApply=true,Replace=true' })).toEqual([]);
    // a hook deleted only when it succeeds is still there after a failure: the update is refused
    expect(changed({ [hook]: 'PostSync', [policy]: 'HookSucceeded' })).toEqual(['spec.template changed']);
    // the policy alone does not make a Job a hook
    expect(changed({ [policy]: 'BeforeHookCreation' })).toEqual(['spec.template changed']);
  });

  test('a Deployment image bump is not dangerous', () => {
    expect(dangers({ app: [deployment('api')] }, { app: [deployment('api', 'ghcr.io/shop/api:2.0.0')] })).toEqual([]);
  });
});

describe('removed or renamed data-bearing objects', () => {
  test('a renamed StatefulSet is a rename: new empty volumes, the old one orphaned (Prune=false)', () => {
    const ds = dangers({ pg: [statefulSet('orders-db')] }, { pg: [statefulSet('orders-pg')] });
    expect(rules(ds)).toEqual(['data-renamed']);
    expect(ds[0].object).toBe('apps/StatefulSet shop/orders-db');
    expect(ds[0].summary).toBe('renamed: removed, and apps/StatefulSet shop/orders-pg added');
    expect(ds[0].atApply).toMatch(/new empty volumes/);
    expect(ds[0].atApply).toMatch(/not pruned by ArgoCD \(Prune=false\)/);
    expect(ds[0].atApply).toMatch(/\(here: Retain\)/);
  });

  test.each([
    ['KafkaTopic', kafkaTopic(), /Topic Operator deletes the topic and every message/],
    ['KafkaNodePool', nodePool(), /refuses to remove brokers that still host partition replicas/],
    ['Stream', stream('orders', false), /NACK controller deletes the JetStream stream.*preventDelete is not set/],
    ['PersistentVolumeClaim', pvc(), /pruned by ArgoCD on the next sync: deleting the claim releases its volume/],
    ['Namespace', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } }, /deletes everything in it/],
  ])('removing a %s', (_kind, obj, consequence) => {
    const ds = dangers({ data: [obj, deployment()] }, { data: [deployment()] });
    expect(rules(ds)).toEqual(['data-removed']);
    expect(ds[0].atApply).toMatch(consequence);
  });

  test('a stream with preventDelete says the stream stays in the server', () => {
    const ds = dangers({ nats: [stream('orders', true)] }, { nats: [] });
    expect(ds[0].atApply).toMatch(/preventDelete: true keeps the stream in the server/);
  });

  test('removing stateless objects is not dangerous', () => {
    expect(dangers({ app: [deployment('a'), deployment('b')] }, { app: [deployment('a')] })).toEqual([]);
  });

  test('a namespace change reads as renames of every data-bearing object', () => {
    const moved = (o: Obj) => ({ ...o, metadata: { ...o.metadata, namespace: 'shop2' } });
    const ds = dangers({ d: [statefulSet(), kafkaTopic()] }, { d: [moved(statefulSet()), moved(kafkaTopic())] });
    expect(rules(ds)).toEqual(['data-renamed', 'data-renamed']);
  });
});

describe('Kafka partitions and volume sizes', () => {
  test('fewer partitions', () => {
    const ds = dangers({ k: [kafkaTopic('orders', 12)] }, { k: [kafkaTopic('orders', 6)] });
    expect(ds).toEqual([expect.objectContaining({ rule: 'partitions-decreased', summary: 'spec.partitions 12 -> 6' })]);
    expect(ds[0].atApply).toMatch(/Kafka cannot remove partitions.*keeps 12 partitions/);
    expect(dangers({ k: [kafkaTopic('orders', 6)] }, { k: [kafkaTopic('orders', 12)] })).toEqual([]);
  });

  test('a smaller volume claim template is immutable and a shrink', () => {
    const ds = dangers({ pg: [statefulSet('orders-db', { storage: '20Gi' })] }, { pg: [statefulSet('orders-db', { storage: '10Gi' })] });
    expect(rules(ds)).toEqual(['immutable-field', 'volume-shrunk']);
    expect(ds[1].summary).toBe('spec.volumeClaimTemplates[name=data] storage 20Gi -> 10Gi');
  });

  test('units are compared by value (1Ti > 900Gi > 500G)', () => {
    expect(rules(dangers({ k: [nodePool('b', '1Ti')] }, { k: [nodePool('b', '900Gi')] }))).toEqual(['volume-shrunk']);
    expect(rules(dangers({ k: [nodePool('b', '500G')] }, { k: [nodePool('b', '900Gi')] }))).toEqual([]);
  });

  test('a smaller PVC', () => {
    const ds = dangers({ p: [pvc('scratch', '10Gi')] }, { p: [pvc('scratch', '5Gi')] });
    expect(ds[0]).toMatchObject({ rule: 'volume-shrunk', atApply: expect.stringMatching(/can only grow/) });
  });
});

describe('Postgres members under synchronous replication', () => {
  test('replicas 3 -> 1 with synchronous_mode on in the Patroni ConfigMap', () => {
    const ds = dangers(
      { pg: [statefulSet('orders-db', { replicas: 3 }), patroniConfig('orders-db', true)] },
      { pg: [statefulSet('orders-db', { replicas: 1 }), patroniConfig('orders-db', true)] },
    );
    expect(ds).toEqual([expect.objectContaining({ rule: 'postgres-sync-members', summary: 'spec.replicas 3 -> 1 while Patroni synchronous_mode is on' })]);
  });

  test('no danger without synchronous mode, or with 2 members', () => {
    expect(dangers({ pg: [statefulSet('orders-db', { replicas: 3 }), patroniConfig('orders-db', false)] },
      { pg: [statefulSet('orders-db', { replicas: 1 }), patroniConfig('orders-db', false)] })).toEqual([]);
    expect(dangers({ pg: [statefulSet('orders-db', { replicas: 3 }), patroniConfig('orders-db', true)] },
      { pg: [statefulSet('orders-db', { replicas: 2 }), patroniConfig('orders-db', true)] })).toEqual([]);
  });

  test('turning synchronous mode on while one member runs is caught too', () => {
    const ds = dangers({ pg: [statefulSet('orders-db', { replicas: 1 }), patroniConfig('orders-db', false)] },
      { pg: [statefulSet('orders-db', { replicas: 1 }), patroniConfig('orders-db', true)] });
    expect(rules(ds)).toEqual(['postgres-sync-members']);
  });

  test('the StatefulSet may sit in a file that did not change (only the ConfigMap\'s file did)', () => {
    const ds = dangers({ sts: [statefulSet('orders-db', { replicas: 1 })], cfg: [patroniConfig('orders-db', false)] },
      { sts: [statefulSet('orders-db', { replicas: 1 })], cfg: [patroniConfig('orders-db', true)] });
    expect(rules(ds)).toEqual(['postgres-sync-members']);
  });

  test('synchronous_mode in a Spilo env var counts as well', () => {
    const withEnv = (replicas: number) => {
      const s = statefulSet('orders-db', { replicas });
      s.spec.template.spec.containers[0].env.push({ name: 'SPILO_CONFIGURATION', value: '{"bootstrap":{"dcs":{"synchronous_mode":true}}}' });
      s.spec.template.spec.volumes = [];
      return s;
    };
    expect(rules(dangers({ pg: [withEnv(2)] }, { pg: [withEnv(1)] }))).toEqual(['postgres-sync-members']);
  });

  test('a synchronous ConfigMap of another instance does not count', () => {
    const other = { ...patroniConfig('billing-db', true), metadata: { name: 'billing-db-patroni', namespace: 'shop', labels: { 'app.kubernetes.io/instance': 'billing-db' } } };
    const s = (r: number) => { const x = statefulSet('orders-db', { replicas: r }); x.spec.template.spec.volumes = []; return x; };
    expect(dangers({ pg: [s(3), other] }, { pg: [s(1), other] })).toEqual([]);
  });
});

describe('on the real Postgres component (deltran-mvp prod: 3 members, synchronous)', () => {
  const postgres = synthShipped('deltran-mvp', 'prod').get('postgres')!;
  const withReplicas = (n: number) => postgres.map((o) => (o.kind === 'StatefulSet' ? { ...o, spec: { ...o.spec, replicas: n } } : o));

  test('its StatefulSet and Patroni ConfigMap are recognised: 3 -> 1 is a danger, 3 -> 2 is not', () => {
    const one = findDangers(compareTrees(tree({ postgres: withReplicas(3) }, 'deltran-mvp/prod'), tree({ postgres: withReplicas(1) }, 'deltran-mvp/prod')));
    expect(one).toEqual([expect.objectContaining({ rule: 'postgres-sync-members', summary: 'spec.replicas 3 -> 1 while Patroni synchronous_mode is on' })]);
    const two = findDangers(compareTrees(tree({ postgres: withReplicas(3) }, 'deltran-mvp/prod'), tree({ postgres: withReplicas(2) }, 'deltran-mvp/prod')));
    expect(two).toEqual([]);
  });
});
