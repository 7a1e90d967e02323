import { compareTrees } from '../../diff/compare';
import { findDangers } from '../../diff/dangers';
import { ALLOW_DANGER_LABEL, COMMENT_MARKER, formatMarkdown, formatText } from '../../diff/format';
import { deployment, kafkaTopic, Obj, patroniConfig, statefulSet, tree } from './fixtures';

const opts = { baseLabel: 'origin/main (synthesized)', headLabel: 'working tree (synthesized)' };

function render(before: Record<string, Obj[]>, after: Record<string, Obj[]>) {
  const diff = compareTrees(tree(before), tree(after));
  const dangers = findDangers(diff);
  return { text: formatText(diff, dangers, opts), md: formatMarkdown(diff, dangers, opts) };
}

describe('formatText', () => {
  test('summary, dangers first, then changes by environment with field paths', () => {
    const { text } = render(
      { app: [deployment('api')], kafka: [kafkaTopic('orders', 12)] },
      { app: [deployment('api', 'ghcr.io/shop/api:1.1.0'), deployment('worker')], kafka: [kafkaTopic('orders', 6)] },
    );
    expect(text).toContain('Manifest diff: origin/main (synthesized) -> working tree (synthesized)');
    expect(text).toContain('1 added, 0 removed, 2 changed (0 unchanged) in 1 environment');
    expect(text.indexOf('DANGEROUS CHANGES (1)')).toBeLessThan(text.indexOf('shop/prod\n'));
    expect(text).toContain('! [partitions-decreased] shop/prod kafka.strimzi.io/KafkaTopic shop/orders: spec.partitions 12 -> 6');
    expect(text).toContain('  + apps/Deployment shop/worker  (app.k8s.yaml)');
    expect(text).toContain('  ~ apps/Deployment shop/api  (app.k8s.yaml)');
    expect(text).toContain('      spec.template.spec.containers[name=api].image: "ghcr.io/shop/api:1.0.0" -> "ghcr.io/shop/api:1.1.0"');
  });

  test('embedded files are shown as a unified line diff', () => {
    const { text } = render({ pg: [patroniConfig('db', false)] }, { pg: [patroniConfig('db', true)] });
    expect(text).toContain('data["patroni.yml"]: (text, 7 -> 7 lines)');
    expect(text).toMatch(/ {8}-    synchronous_mode: false\n {8}\+    synchronous_mode: true/);
  });

  test('long single-line strings are cut around the first difference', () => {
    const long = (tail: string) => ({ ...deployment('api'), metadata: { name: 'api', namespace: 'shop', annotations: { big: `${'x'.repeat(300)}${tail}` } } });
    const { text } = render({ app: [long('a')] }, { app: [long('b')] });
    const line = text.split('\n').find((l) => l.includes('metadata.annotations.big'))!;
    expect(line.length).toBeLessThan(300);
    expect(line).toMatch(/…"x+a" \(301 chars\) -> …"x+b" \(301 chars\)/);
  });

  test('objects changed the same way are listed once', () => {
    const labelled = (kind: string, version: string) => ({ apiVersion: 'v1', kind, metadata: { name: 'api', namespace: 'shop', labels: { 'app.kubernetes.io/version': version } } });
    const kinds = ['Service', 'ServiceAccount', 'ConfigMap'];
    const { text } = render({ app: [...kinds.map((k) => labelled(k, '1')), deployment('api')] }, { app: [...kinds.map((k) => labelled(k, '2')), deployment('api', 'ghcr.io/shop/api:1.0.1')] });
    expect(text).toContain('  ~ 3 objects, same change  (app.k8s.yaml): ConfigMap shop/api, Service shop/api, ServiceAccount shop/api\n' +
      '      metadata.labels["app.kubernetes.io/version"]: "1" -> "2"');
    expect(text).toContain('  ~ apps/Deployment shop/api  (app.k8s.yaml)');
  });

  test('no changes', () => {
    expect(render({ app: [deployment()] }, { app: [deployment()] }).text).toContain('No changes.');
  });
});

describe('formatMarkdown', () => {
  test('a PR comment: marker, dangers with their consequence and the override label, diff blocks per environment', () => {
    const { md } = render({ pg: [statefulSet('orders-db')] }, { pg: [statefulSet('orders-pg')] });
    expect(md.startsWith(COMMENT_MARKER)).toBe(true);
    expect(md).toContain('### :warning: Dangerous changes (1)');
    expect(md).toContain('- **`shop/prod` apps/StatefulSet shop/orders-db**: renamed: removed, and apps/StatefulSet shop/orders-pg added (`data-renamed`)');
    expect(md).toContain('At apply time: Kubernetes has no rename');
    expect(md).toContain(ALLOW_DANGER_LABEL);
    expect(md).toContain('<details><summary><b>shop/prod</b>: 1 added, 1 removed</summary>');
    expect(md).toMatch(/```diff\n\+ apps\/StatefulSet shop\/orders-pg {2}\(pg\.k8s\.yaml\)\n- apps\/StatefulSet shop\/orders-db/);
  });

  test('without dangers it says so', () => {
    const { md } = render({ app: [deployment()] }, { app: [deployment('api', 'ghcr.io/shop/api:2.0.0')] });
    expect(md).toContain('No dangerous changes found.');
    expect(md).not.toContain(ALLOW_DANGER_LABEL);
  });

  test('stays under the GitHub comment limit, dangers kept', () => {
    const many = (tag: string) => Object.fromEntries(Array.from({ length: 400 }, (_, i) => [`f${i}`, [deployment(`svc-${i}`, `ghcr.io/shop/${'x'.repeat(60)}:${tag}`)]]));
    const diff = compareTrees(
      new Map([...tree(many('1')), ...tree({ k: [kafkaTopic('t', 3)] }, 'a/dev')]),
      new Map([...tree(many('2')), ...tree({ k: [kafkaTopic('t', 1)] }, 'a/dev')]),
    );
    const md = formatMarkdown(diff, findDangers(diff), opts);
    expect(md.length).toBeLessThan(65536);
    expect(md).toContain('partitions-decreased');
    expect(md).toContain('<b>a/dev</b>');
    expect(md).toMatch(/_1 of 2 environment sections left out to fit a comment/);
  });
});
