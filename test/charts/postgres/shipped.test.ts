import { staticSelector } from '../../../charts/lib/runtime-selector';
import { renderYaml } from '../../../synth/render';
import { PLATFORMS } from '../../../platforms';
import { ManifestValidator } from '../../../validation';
import { allObjects, K8sObject, synthShipped } from '../../helpers';

const WITH_POSTGRES = PLATFORMS.filter((p) => p.base.postgres).flatMap((p) => Object.keys(p.environments).map((env) => [p.name, env] as const));

/** Pod template labels of every workload, for the runtime-label check below. */
function templateLabels(objects: K8sObject[]): Record<string, string>[] {
  return objects.map((o) => o.spec?.template?.metadata?.labels ?? o.spec?.jobTemplate?.spec?.template?.metadata?.labels).filter(Boolean);
}

describe('shipped platforms with Postgres', () => {
  test('the platforms the brief names are covered', () => {
    expect([...new Set(WITH_POSTGRES.map(([p]) => p))].sort()).toEqual(['deltran-core', 'deltran-mvp', 'recon', 'wallet']);
  });

  test.each(WITH_POSTGRES)('%s/%s: no validator violations in the postgres and pgbouncer files', (platform, env) => {
    const files = synthShipped(platform, env);
    const ours = [...(files.get('postgres') ?? []), ...(files.get('pgbouncer') ?? [])];
    const ids = new Set(ours.map((o) => `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`));
    const templates = templateLabels(allObjects(files));
    const violations = ManifestValidator.load().validate(allObjects(files)).filter((v) => ids.has(v.object)).filter((v) => {
      // -rw/-ro select on Patroni's runtime role label, declared on the Service: the rest must match a pod template
      if (v.check !== 'dangling-service') return true;
      const svc = ours.find((o) => `${o.kind}/${o.metadata.namespace}/${o.metadata.name}` === v.object)!;
      const rest = staticSelector(svc.spec.selector, svc.metadata.annotations);
      const declaresRuntime = Object.keys(rest).length < Object.keys(svc.spec.selector).length;
      return !(declaresRuntime && templates.some((l) => Object.entries(rest).every(([k, val]) => l[k] === val)));
    });
    expect(violations).toEqual([]);
    expect(files.has('postgres')).toBe(true);
  });

  test.each(WITH_POSTGRES)('%s/%s: no password value in the rendered YAML', (platform, env) => {
    const files = synthShipped(platform, env);
    const yaml = renderYaml([...(files.get('postgres') ?? []), ...(files.get('pgbouncer') ?? [])]);
    const hits = yaml.split('\n').filter((l) => /passw(or)?d["']?\s*[:=]/i.test(l));
    // the only "password:" is the psql variable bootstrap.sql reads from a mounted Secret file
    expect(hits.every((l) => /PASSWORD :'role_password';$/.test(l))).toBe(true);
    expect(yaml).not.toMatch(/kind: Secret\n/);
  });

  test('dev environments run one member without synchronous mode or PDB; prod runs three', () => {
    const dev = synthShipped('deltran-core', 'dev').get('postgres')!;
    expect(dev.find((o) => o.kind === 'StatefulSet')!.spec.replicas).toBe(1);
    expect(dev.some((o) => o.kind === 'PodDisruptionBudget')).toBe(false);
    const prod = synthShipped('deltran-core', 'prod').get('postgres')!;
    expect(prod.find((o) => o.kind === 'StatefulSet')!.spec.replicas).toBe(3);
  });
});
