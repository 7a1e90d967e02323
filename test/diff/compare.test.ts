import { compareTrees, diffValues, ManifestParseError, parseTree, scopeOf } from '../../diff/compare';
import { deployment, kafkaTopic, patroniConfig, statefulSet, tree } from './fixtures';

describe('parseTree', () => {
  test('keys objects by scope, API group, kind, namespace and name, leaving the version out', () => {
    const objects = parseTree(tree({ postgres: [statefulSet()], kafka: [kafkaTopic()] }));
    expect([...objects.keys()].sort()).toEqual([
      'shop/prod apps/StatefulSet shop/orders-db',
      'shop/prod kafka.strimzi.io/KafkaTopic shop/orders',
    ]);
    expect(objects.get('shop/prod apps/StatefulSet shop/orders-db')!.file).toBe('shop/prod/postgres.k8s.yaml');
  });

  test('core objects have no group; cluster-scoped objects no namespace', () => {
    const t = new Map([['p/dev/namespace.k8s.yaml', 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n']]);
    expect([...parseTree(t).keys()]).toEqual(['p/dev Namespace shop']);
  });

  test('ignores files that are not YAML (the environment READMEs)', () => {
    const t = new Map([['p/dev/README.md', '# not yaml: [']]);
    expect(parseTree(t).size).toBe(0);
  });

  test('invalid YAML and duplicate objects are errors naming the file', () => {
    expect(() => parseTree(new Map([['p/dev/x.k8s.yaml', 'kind: [unclosed']]))).toThrow(ManifestParseError);
    const dup = tree({ a: [deployment()], b: [deployment()] });
    expect(() => parseTree(dup)).toThrow(/shop\/prod\/b\.k8s\.yaml: apps\/Deployment shop\/api is also defined in shop\/prod\/a\.k8s\.yaml/);
  });

  test('YAML 1.2 core: an unquoted date is a string, a repeated key is an error, documents split on ---', () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  since: 2026-01-01\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n';
    const objects = [...parseTree(new Map([['p/dev/x.k8s.yaml', text]])).values()];
    expect(objects.map((o) => o.id.name)).toEqual(['a', 'b']);
    expect((objects[0].object as { data: { since: unknown } }).data.since).toBe('2026-01-01');
    expect(() => parseTree(new Map([['p/dev/x.k8s.yaml', 'kind: A\nkind: B\n']]))).toThrow(/p\/dev\/x\.k8s\.yaml: .*duplicated mapping key/);
  });

  test('the scope is <platform>/<env> from the path', () => {
    expect(scopeOf('deltran-mvp/prod/postgres.k8s.yaml')).toBe('deltran-mvp/prod');
    expect(scopeOf('x.k8s.yaml')).toBe('.');
  });
});

describe('compareTrees', () => {
  test('added, removed, changed and unchanged objects', () => {
    const before = tree({ app: [deployment('api'), deployment('old')], kafka: [kafkaTopic()] });
    const after = tree({ app: [deployment('api', 'ghcr.io/shop/api:1.1.0'), deployment('new')], kafka: [kafkaTopic()] });
    const d = compareTrees(before, after);
    expect(d.added.map((o) => o.id.name)).toEqual(['new']);
    expect(d.removed.map((o) => o.id.name)).toEqual(['old']);
    expect(d.changed.map((c) => c.id.name)).toEqual(['api']);
    expect(d.unchangedCount).toBe(1);
    expect(d.changed[0].changes).toEqual([
      { path: 'metadata.labels["app.kubernetes.io/version"]', before: '1.0.0', after: '1.1.0' },
      { path: 'spec.template.spec.containers[name=api].image', before: 'ghcr.io/shop/api:1.0.0', after: 'ghcr.io/shop/api:1.1.0' },
    ]);
  });

  test('files identical on both sides count as unchanged without being compared; objectsOf still sees them', () => {
    const same = { kafka: [kafkaTopic('a'), kafkaTopic('b')] };
    const d = compareTrees(tree({ ...same, app: [deployment()] }), tree({ ...same, app: [deployment('api', 'ghcr.io/shop/api:2.0.0')] }));
    expect(d.unchangedCount).toBe(2);
    expect(d.changed).toHaveLength(1);
    expect([...d.objectsOf('after', 'shop/prod').keys()].sort()).toEqual([
      'shop/prod apps/Deployment shop/api', 'shop/prod kafka.strimzi.io/KafkaTopic shop/a', 'shop/prod kafka.strimzi.io/KafkaTopic shop/b',
    ]);
    expect(d.objectsOf('before', 'other/dev').size).toBe(0);
  });

  test('an apiVersion change is a change of the same object, not a removal and an addition', () => {
    const old = { ...kafkaTopic(), apiVersion: 'kafka.strimzi.io/v1beta2' };
    const d = compareTrees(tree({ kafka: [old] }), tree({ kafka: [kafkaTopic()] }));
    expect(d.added).toEqual([]);
    expect(d.removed).toEqual([]);
    expect(d.changed[0].changes).toEqual([{ path: 'apiVersion', before: 'kafka.strimzi.io/v1beta2', after: 'kafka.strimzi.io/v1' }]);
  });

  test('an object moved to another file is a change of its file', () => {
    const d = compareTrees(tree({ a: [deployment()] }), tree({ b: [deployment()] }));
    expect(d.changed[0].changes).toEqual([{ path: '(file)', before: 'shop/prod/a.k8s.yaml', after: 'shop/prod/b.k8s.yaml' }]);
  });

  test('the same object in two environments is two objects', () => {
    const d = compareTrees(tree({ a: [deployment()] }, 'shop/dev'), tree({ a: [deployment()] }, 'shop/prod'));
    expect(d.added.map((o) => o.key)).toEqual(['shop/prod apps/Deployment shop/api']);
    expect(d.removed.map((o) => o.key)).toEqual(['shop/dev apps/Deployment shop/api']);
  });

  test('embedded config files change as one string field', () => {
    const d = compareTrees(tree({ pg: [patroniConfig('orders-db', false)] }), tree({ pg: [patroniConfig('orders-db', true)] }));
    expect(d.changed[0].changes.map((c) => c.path)).toEqual(['data["patroni.yml"]']);
  });
});

describe('diffValues', () => {
  test('lists of named items are matched by name, whatever their position', () => {
    const a = { env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }] };
    const b = { env: [{ name: 'B', value: '3' }, { name: 'A', value: '1' }, { name: 'C', value: '4' }] };
    expect(diffValues(a, b)).toEqual([
      { path: 'env[name=B].value', before: '2', after: '3' },
      { path: 'env[name=C]', before: undefined, after: { name: 'C', value: '4' } },
    ]);
  });

  test('a pure reordering of named items is reported once, for the list', () => {
    const a = { args: [{ name: 'x' }, { name: 'y' }] };
    const b = { args: [{ name: 'y' }, { name: 'x' }] };
    expect(diffValues(a, b)).toEqual([{ path: 'args', before: a.args, after: b.args }]);
  });

  test('alert rules are matched by alert name, volume claim templates by metadata.name', () => {
    expect(diffValues({ rules: [{ alert: 'Down', for: '1m' }] }, { rules: [{ alert: 'Down', for: '5m' }] }))
      .toEqual([{ path: 'rules[alert=Down].for', before: '1m', after: '5m' }]);
    const vct = (size: string) => ({ v: [{ metadata: { name: 'data' }, spec: { size } }] });
    expect(diffValues(vct('1Gi'), vct('2Gi'))).toEqual([{ path: 'v[name=data].spec.size', before: '1Gi', after: '2Gi' }]);
  });

  test('lists of plain values read as one before/after pair; unnamed objects by index', () => {
    expect(diffValues({ s: ['a', 'b'] }, { s: ['a', 'c'] })).toEqual([{ path: 's', before: ['a', 'b'], after: ['a', 'c'] }]);
    expect(diffValues({ s: [{ x: 1 }] }, { s: [{ x: 2 }, { x: 3 }] })).toEqual([
      { path: 's[0].x', before: 1, after: 2 },
      { path: 's[1]', before: undefined, after: { x: 3 } },
    ]);
  });

  test('equal values give no changes; a type change is one change', () => {
    expect(diffValues({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] })).toEqual([]);
    expect(diffValues({ a: '1' }, { a: 1 })).toEqual([{ path: 'a', before: '1', after: 1 }]);
  });
});
