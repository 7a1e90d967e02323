import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { report } from '../../live/report';
import { checkAllRules, promtool, ruleFile, runUnitTests } from '../../live/scenarios/promtool';
import { synthSpec } from '../helpers';
import { SHOP } from '../charts/monitoring/fixtures';

/**
 * Scenario 4: every PrometheusRule in the synthesized manifests of every platform and environment
 * loads in Prometheus (`promtool check rules`), and the monitoring component's promtool unit
 * tests pass (reused from test/charts/monitoring/promtool/, not copied).
 */
const DIST = process.env.LIVE_DIST ? path.resolve(process.env.LIVE_DIST) : path.resolve(__dirname, '..', '..', 'dist');
const UNIT_TESTS = path.resolve(__dirname, '..', 'charts', 'monitoring', 'promtool');

/** The logical rule file names the unit tests use, and the synthesized rules each stands for. */
const RULE_FILES: Record<string, () => string> = {
  // the platform alerts of the monitoring component's "shop" fixture (see the test file's header)
  'platform-alerts.rules.yaml': () => ruleFile(synthSpec(SHOP).get('monitoring')!.find((o) => o.kind === 'PrometheusRule')!),
};

describe('prometheus rules (promtool)', () => {
  let work: string;
  beforeAll(() => { work = fs.mkdtempSync(path.join(os.tmpdir(), `live-${process.pid.toString(36)}-promtool-`)); });
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  it('promtool is installed', () => {
    expect(promtool(['--version']).status).toBe(0);
  });

  it('every PrometheusRule of every synthesized platform environment passes promtool check rules', () => {
    const results = checkAllRules(DIST, work);
    report('prometheus rules: promtool check rules over dist/', Object.fromEntries(results.map((r) => [r.env, r.problem ? `FAILED` : `${r.files} rule files, ${r.alerts} rules`])));
    expect(results.length).toBeGreaterThan(0);
    expect(results.filter((r) => r.problem).map((r) => `${r.env}: ${r.problem}`)).toEqual([]);
  });

  it("the monitoring component's promtool unit tests pass", () => {
    const results = runUnitTests(UNIT_TESTS, work, (name) => {
      const make = RULE_FILES[name];
      if (!make) throw new Error(`promtool unit tests name rule file "${name}", which the live test does not know: add it to RULE_FILES in test/live/prometheus-rules.test.ts`);
      return make();
    });
    report('prometheus rules: promtool test rules', Object.fromEntries(results.map((r) => [r.file, r.status === 0 ? 'SUCCESS' : 'FAILED'])));
    expect(results.filter((r) => r.status !== 0).map((r) => `${r.file}:\n${r.output}`)).toEqual([]);
  });

  it('fails on a broken rule (proof the check detects one)', () => {
    const dir = fs.mkdtempSync(path.join(work, 'broken-'));
    const env = path.join(dir, 'p', 'e');
    fs.mkdirSync(env, { recursive: true });
    fs.writeFileSync(path.join(env, 'monitoring.k8s.yaml'), [
      'apiVersion: monitoring.coreos.com/v1', 'kind: PrometheusRule', 'metadata: { name: broken, namespace: x }',
      'spec:', '  groups:', '    - name: g', '      rules:', '        - alert: Broken', '          expr: sum(rate(x[5m]) by (job)', '',
    ].join('\n'));
    const [r] = checkAllRules(dir, dir);
    expect(r.problem).toMatch(/parse error|unclosed|unexpected/i);
  });
});
