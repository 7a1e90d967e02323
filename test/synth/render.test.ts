import { parseAllDocuments } from 'yaml';
import { normalize, renderYaml } from '../../synth/render';

describe('renderYaml', () => {
  test('renders one document per object and round-trips', () => {
    const objects = [{ kind: 'ConfigMap', metadata: { name: 'a' }, data: { long: 'x'.repeat(200) } }, { kind: 'Service', metadata: { name: 'b' } }];
    const text = renderYaml(objects);
    expect(parseAllDocuments(text).map((d) => d.toJS())).toEqual(objects);
    // long strings stay on one line: diffs in review show whole values
    expect(text.split('\n').some((l) => l.includes('x'.repeat(200)))).toBe(true);
  });

  test('quotes strings a YAML 1.1 parser (go-yaml, as in kubectl and ArgoCD) would read as booleans, numbers or dates', () => {
    const text = renderYaml([{ kind: 'ConfigMap', data: { a: 'on', b: 'yes', c: 'off', d: '2026-01-01', e: '0755', f: 'true' } }]);
    for (const v of ['on', 'yes', 'off', '2026-01-01', '0755', 'true']) expect(text).toContain(`"${v}"`);
  });

  test('multi-line strings are block literals, so config changes diff line by line', () => {
    expect(renderYaml([{ kind: 'ConfigMap', data: { 'a.conf': 'x = 1\ny = 2\n' } }])).toContain('a.conf: |\n    x = 1\n    y = 2\n');
  });

  test('the same objects always give the same bytes', () => {
    const objects = [{ kind: 'ConfigMap', metadata: { name: 'a', labels: { b: '1', a: '2' } } }];
    expect(renderYaml(objects)).toBe(renderYaml(JSON.parse(JSON.stringify(objects))));
  });
});

describe('normalize', () => {
  test('drops the namespace of cluster-scoped kinds only', () => {
    expect(normalize({ kind: 'Namespace', metadata: { name: 'x', namespace: 'x' } })).toEqual({ kind: 'Namespace', metadata: { name: 'x' } });
    expect(normalize({ kind: 'Service', metadata: { name: 'x', namespace: 'x' } }).metadata).toEqual({ name: 'x', namespace: 'x' });
  });
});
