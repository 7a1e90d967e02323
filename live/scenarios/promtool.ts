import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { parse, stringify } from 'yaml';
import { K8sObject, Manifests } from '../manifests';

/** promtool from Debian's prometheus package; a clear failure when it is missing (the tests never skip). */
export function promtool(args: string[], cwd?: string): { status: number | null; output: string } {
  const r = spawnSync('promtool', args, { encoding: 'utf8', cwd });
  if (r.error) throw new Error(`promtool is not installed (${r.error.message}): apt-get install -y prometheus`);
  return { status: r.status, output: `${r.stdout}${r.stderr}`.trim() };
}

/** Every `<platform>/<env>` folder under a dist root. */
export function environments(distRoot: string): Array<{ platform: string; env: string; dir: string }> {
  if (!fs.existsSync(distRoot)) throw new Error(`${distRoot} does not exist: run \`npm run synth\` first`);
  const out: Array<{ platform: string; env: string; dir: string }> = [];
  for (const platform of fs.readdirSync(distRoot).sort()) {
    const pdir = path.join(distRoot, platform);
    if (!fs.statSync(pdir).isDirectory()) continue;
    for (const env of fs.readdirSync(pdir).sort()) {
      const dir = path.join(pdir, env);
      if (fs.statSync(dir).isDirectory() && fs.readdirSync(dir).some((f) => f.endsWith('.k8s.yaml'))) out.push({ platform, env, dir });
    }
  }
  return out;
}

/** A PrometheusRule's groups as a Prometheus rule file. */
export function ruleFile(rule: K8sObject): string {
  return stringify({ groups: rule.spec.groups }, { lineWidth: 0 });
}

/**
 * Writes every PrometheusRule of every environment under `distRoot` to its own rule file in
 * `workDir` and runs `promtool check rules` on each environment's files. Returns, per
 * environment, the number of rule files and alerts checked and promtool's complaint if any.
 */
export function checkAllRules(distRoot: string, workDir: string): Array<{ env: string; files: number; alerts: number; problem?: string }> {
  return environments(distRoot).map(({ platform, env, dir }) => {
    const rules = Manifests.load(dir).ofKind('PrometheusRule');
    const files = rules.map((rule) => {
      const file = path.join(workDir, `${platform}.${env}.${rule.metadata.name}.rules.yaml`);
      fs.writeFileSync(file, ruleFile(rule));
      return file;
    });
    const alerts = rules.reduce((n, r) => n + r.spec.groups.reduce((m: number, g: K8sObject) => m + (g.rules ?? []).length, 0), 0);
    const name = `${platform}/${env}`;
    if (files.length === 0) return { env: name, files: 0, alerts: 0, problem: 'no PrometheusRule at all (every environment gets at least the platform alerts)' };
    const r = promtool(['check', 'rules', ...files]);
    return { env: name, files: files.length, alerts, problem: r.status === 0 ? undefined : r.output };
  });
}

/**
 * Runs the monitoring component's promtool unit tests (`*.test.yaml` beside its jest tests)
 * unchanged except for `rule_files`, which each test file names by a logical name; `resolve`
 * maps that name to rule file content (the synthesized rules the tests are written for).
 */
export function runUnitTests(testsDir: string, workDir: string, resolve: (ruleFileName: string) => string): Array<{ file: string; status: number | null; output: string }> {
  const files = fs.existsSync(testsDir) ? fs.readdirSync(testsDir).filter((f) => f.endsWith('.test.yaml')).sort() : [];
  if (files.length === 0) throw new Error(`no promtool unit tests (*.test.yaml) in ${testsDir}`);
  return files.map((f) => {
    const cases = parse(fs.readFileSync(path.join(testsDir, f), 'utf8'));
    const ruleFiles = (cases.rule_files ?? []).map((name: string) => {
      const local = path.join(testsDir, name);
      const target = path.join(workDir, `${path.basename(f, '.test.yaml')}.${path.basename(name)}`);
      fs.writeFileSync(target, fs.existsSync(local) ? fs.readFileSync(local, 'utf8') : resolve(name));
      return target;
    });
    const testFile = path.join(workDir, f);
    fs.writeFileSync(testFile, stringify({ ...cases, rule_files: ruleFiles }, { lineWidth: 0 }));
    const r = promtool(['test', 'rules', testFile]);
    return { file: f, status: r.status, output: r.output };
  });
}
