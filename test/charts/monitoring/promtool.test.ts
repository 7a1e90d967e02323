import { spawnSync } from 'child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { parse, stringify } from 'yaml';
import { synthEnvironment } from '../../../charts/platform';
import { PLATFORMS } from '../../../platforms';
import { K8sObject, synthSpec } from '../../helpers';
import { SHOP } from './fixtures';

/**
 * Every alert rule the project ships must load in Prometheus (`promtool check rules`), and the
 * platform alerts must fire on the series they are meant for and stay quiet otherwise
 * (`promtool test rules` with the hand-written cases in promtool/).
 */
const PROMTOOL_TESTS = join(__dirname, 'promtool');
/** The file name the hand-written tests list in rule_files; the test rewrites it to the generated file. */
const GENERATED_RULES = 'platform-alerts.rules.yaml';

function promtool(args: string[]): { status: number | null; output: string } {
  const r = spawnSync('promtool', args, { encoding: 'utf8' });
  if (r.error) {
    throw new Error(`promtool is not installed (${r.error.message}). It comes with Debian's "prometheus" package: apt-get install -y prometheus`);
  }
  return { status: r.status, output: `${r.stdout}\n${r.stderr}` };
}

function ruleFile(rule: K8sObject): string {
  return stringify({ groups: rule.spec.groups }, { lineWidth: 0 });
}

let dir: string;
beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'promtool-')); });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('promtool', () => {
  test('promtool is installed', () => {
    expect(promtool(['--version']).status).toBe(0);
  });

  test('every PrometheusRule of every shipped platform environment passes promtool check rules', () => {
    const files: string[] = [];
    for (const def of PLATFORMS) {
      for (const env of Object.keys(def.environments)) {
        for (const f of synthEnvironment(def, env).files) {
          for (const rule of (f.objects as K8sObject[]).filter((o) => o.kind === 'PrometheusRule')) {
            const path = join(dir, `${def.name}.${env}.${f.file}.${rule.metadata.name}.yaml`);
            writeFileSync(path, ruleFile(rule));
            files.push(path);
          }
        }
      }
    }
    // every shipped environment has at least the platform alerts
    expect(files.length).toBeGreaterThanOrEqual(PLATFORMS.reduce((n, d) => n + Object.keys(d.environments).length, 0));
    const r = promtool(['check', 'rules', ...files]);
    expect({ status: r.status, output: r.status === 0 ? '' : r.output }).toEqual({ status: 0, output: '' });
  });

  test('the platform alerts pass their promtool unit tests', () => {
    const rule = synthSpec(SHOP).get('monitoring')!.find((o) => o.kind === 'PrometheusRule')!;
    writeFileSync(join(dir, GENERATED_RULES), ruleFile(rule));
    const cases = parse(readFileSync(join(PROMTOOL_TESTS, 'service-alerts.test.yaml'), 'utf8'));
    expect(cases.rule_files).toEqual([GENERATED_RULES]);
    const testFile = join(dir, 'service-alerts.test.yaml');
    writeFileSync(testFile, stringify({ ...cases, rule_files: [join(dir, GENERATED_RULES)] }, { lineWidth: 0 }));
    const r = promtool(['test', 'rules', testFile]);
    expect({ status: r.status, output: r.status === 0 ? '' : r.output }).toEqual({ status: 0, output: '' });
  });
});
