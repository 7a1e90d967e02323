import { existsSync, readdirSync, readFileSync, statSync } from 'fs';
import { join } from 'path';
import { loadAll } from 'js-yaml';

const ROOT = join(__dirname, '..', '..');
const DIST = join(ROOT, 'dist');
const RUNBOOKS = join(ROOT, 'docs', 'runbooks');
const SECTIONS = ['## What it means', '## How to check', '## How to fix'];

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const path = join(dir, f);
    if (statSync(path).isDirectory()) return yamlFiles(path);
    return f.endsWith('.k8s.yaml') ? [path] : [];
  });
}

/** Every alert rule in dist/, with the file it is in. */
function distAlerts(): Array<{ alert: string; runbook: string; file: string }> {
  return yamlFiles(DIST).flatMap((file) => (loadAll(readFileSync(file, 'utf8')) as Array<{ kind?: string; spec: any }>)
    .filter((o) => o?.kind === 'PrometheusRule')
    .flatMap((o) => o.spec.groups.flatMap((g: { rules: Array<{ alert: string; annotations: { runbook_url: string } }> }) => g.rules))
    .map((r) => ({ alert: r.alert, runbook: r.annotations.runbook_url, file })));
}

describe('runbooks', () => {
  const alerts = distAlerts();
  const names = [...new Set(alerts.map((a) => a.alert))].sort();

  test('dist/ has alerts to check', () => {
    expect(names.length).toBeGreaterThan(40);
  });

  test('every alert in dist/ has docs/runbooks/<Alert>.md with what it means, how to check and how to fix', () => {
    const problems = names.flatMap((name) => {
      const path = join(RUNBOOKS, `${name}.md`);
      if (!existsSync(path)) return [`${name}: no docs/runbooks/${name}.md`];
      const text = readFileSync(path, 'utf8');
      const missing = SECTIONS.filter((s) => !text.includes(`\n${s}\n`));
      const empty = SECTIONS.filter((s, i) => {
        const start = text.indexOf(s) + s.length;
        const end = i + 1 < SECTIONS.length ? text.indexOf(SECTIONS[i + 1]) : text.length;
        return text.slice(start, end).trim().length < 40;
      });
      return [
        ...(text.startsWith(`# ${name}\n`) ? [] : [`${name}: does not start with "# ${name}"`]),
        ...missing.map((s) => `${name}: no "${s}"`),
        ...empty.map((s) => `${name}: "${s}" is (almost) empty`),
      ];
    });
    expect(problems).toEqual([]);
  });

  test('every runbook_url in dist/ points at that alert\'s runbook', () => {
    const wrong = alerts.filter((a) => !a.runbook.endsWith(`/docs/runbooks/${a.alert}.md`) && a.runbook !== `docs/runbooks/${a.alert}.md`);
    expect(wrong.map((a) => `${a.file}: ${a.alert} -> ${a.runbook}`)).toEqual([]);
  });

  test('links between runbooks point at runbooks that exist', () => {
    const broken = readdirSync(RUNBOOKS).filter((f) => f.endsWith('.md')).flatMap((f) => [...readFileSync(join(RUNBOOKS, f), 'utf8').matchAll(/\]\(([^)#]+\.md)\)/g)]
      .map((m) => m[1]).filter((target) => !existsSync(join(RUNBOOKS, target))).map((target) => `${f} -> ${target}`));
    expect(broken).toEqual([]);
  });
});
