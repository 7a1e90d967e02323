import { App, Chart } from 'cdk8s';
import { redisComponent } from '../../../charts/redis';
import { namespaceComponent } from '../../../charts/namespace';
import { SpecError } from '../../../charts/lib/errors';
import { ProblemCollector } from '../../../charts/lib/errors';
import { resolveSpec } from '../../../charts/platform';
import { PLATFORMS } from '../../../platforms';
import { formatViolations, ManifestValidator } from '../../../validation';
import { allObjects, K8sObject, synthShipped } from '../../helpers';

const environments = PLATFORMS.flatMap((def) => Object.keys(def.environments).map((env) => [def.name, env] as const));

/**
 * All files of a shipped environment. When another component's spec check fails (its work is
 * separate from this one), the environment is rebuilt from the namespace and redis charts only,
 * so the redis objects are still validated against the namespace baseline.
 */
function environmentFiles(platform: string, env: string): Map<string, K8sObject[]> {
  try {
    return synthShipped(platform, env);
  } catch (e) {
    if (!(e instanceof SpecError) || e.problems.some((p) => /\.redis(\.|$)/.test(p.path))) throw e;
    const def = PLATFORMS.find((p) => p.name === platform)!;
    const spec = resolveSpec(def, env);
    const ctx = { platform, environment: env, namespace: spec.namespace, spec };
    const app = new App({ outdir: '.cache/cdk8s-unused' });
    const files = new Map<string, K8sObject[]>();
    for (const component of [namespaceComponent, redisComponent]) {
      for (const unit of component.charts(spec)) {
        const chart = new Chart(app, unit.file, { namespace: spec.namespace, disableResourceNameHashes: true });
        unit.build(chart, ctx);
        files.set(unit.file, chart.toJson());
      }
    }
    return files;
  }
}

describe('shipped platforms', () => {
  test('every environment of all five platforms has Redis, and its spec passes the redis checks', () => {
    for (const [platform, env] of environments) {
      const def = PLATFORMS.find((p) => p.name === platform)!;
      const spec = resolveSpec(def, env);
      expect(spec.redis).toBeDefined();
      const c = new ProblemCollector(`${platform}[${env}]`);
      redisComponent.check(c, spec);
      expect(c.problems).toEqual([]);
    }
    expect(new Set(environments.map(([p]) => p)).size).toBe(5);
  });

  test.each(environments)('%s/%s: zero validator violations for the redis objects', (platform, env) => {
    const files = environmentFiles(platform, env);
    const redis = files.get('redis')!;
    expect(redis.length).toBeGreaterThan(0);
    const ids = new Set(redis.map((o) => `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`));
    const violations = ManifestValidator.load().validate(allObjects(files)).filter((v) => ids.has(v.object));
    expect(formatViolations(violations)).toBe('');
  }, 30_000); // the first run compiles the validator's schemas
});
