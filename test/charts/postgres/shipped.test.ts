import { renderYaml } from '../../../synth/render';
import { PLATFORMS } from '../../../platforms';
import { ManifestValidator } from '../../../validation';
import { allObjects, synthShipped } from '../../helpers';

const WITH_POSTGRES = PLATFORMS.filter((p) => p.base.postgres).flatMap((p) => Object.keys(p.environments).map((env) => [p.name, env] as const));

describe('shipped platforms with Postgres', () => {
  test('the platforms the brief names are covered', () => {
    expect([...new Set(WITH_POSTGRES.map(([p]) => p))].sort()).toEqual(['deltran-core', 'deltran-mvp', 'recon', 'wallet']);
  });

  test.each(WITH_POSTGRES)('%s/%s: no validator violations in the postgres and pgbouncer files', (platform, env) => {
    const files = synthShipped(platform, env);
    const ours = [...(files.get('postgres') ?? []), ...(files.get('pgbouncer') ?? [])];
    const ids = new Set(ours.map((o) => `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`));
    // the validator itself reads the runtime-selector annotation of -rw/-ro (Patroni's role label)
    const violations = ManifestValidator.load().validate(allObjects(files)).filter((v) => ids.has(v.object));
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
