import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { ALLOW_DANGER_LABEL, COMMENT_MARKER } from '../../diff/format';

/** The PR workflow and the diff tool must agree on the command, the label and the comment marker. */
describe('.github/workflows/manifest-diff.yml', () => {
  const text = fs.readFileSync(path.join(__dirname, '..', '..', '.github', 'workflows', 'manifest-diff.yml'), 'utf8');
  const wf = parse(text);
  const steps: Array<Record<string, any>> = wf.jobs.diff.steps;
  const step = (pred: (s: Record<string, any>) => boolean) => steps.find(pred)!;

  test('runs on pull requests, also when labels change', () => {
    expect(wf.on.pull_request.types).toEqual(expect.arrayContaining(['opened', 'synchronize', 'labeled', 'unlabeled']));
    expect(wf.permissions['pull-requests']).toBe('write');
  });

  test('full history, Node 20, npm ci, setup without a schema mirror, build, then the diff against the base branch', () => {
    expect(step((s) => s.uses?.startsWith('actions/checkout')).with['fetch-depth']).toBe(0);
    expect(step((s) => s.uses?.startsWith('actions/setup-node')).with['node-version']).toBe(20);
    const runs = steps.filter((s) => s.run).map((s) => String(s.run));
    const order = ['npm ci', 'npm run setup', 'npm run build', 'npm run --silent diff -- "$BASE_REF" --markdown'];
    const at = order.map((cmd) => runs.findIndex((r) => r.includes(cmd)));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect(at).toEqual([...at].sort((a, b) => a - b));
    expect(text).not.toMatch(/SCHEMA_MIRROR:/);
    expect(step((s) => s.id === 'diff').env.BASE_REF).toBe('origin/${{ github.base_ref }}');
  });

  test('comments with the marker the report starts with, and fails on dangers unless labelled', () => {
    expect(step((s) => s.uses?.startsWith('actions/github-script')).with.script).toContain(`'${COMMENT_MARKER}'`);
    const gate = step((s) => /dangerous/i.test(s.name ?? '') && s.if);
    expect(gate.if).toContain("steps.diff.outputs.exit_code == '1'");
    expect(gate.if).toContain(`'${ALLOW_DANGER_LABEL}'`);
    expect(gate.run).toMatch(/exit 1/);
  });
});
