import { checkDefinition, checkSpec, resolveSpec, synthEnvironment } from '../../charts/platform';
import { SpecError } from '../../charts/lib/errors';
import { PlatformDefinition } from '../../charts/spec';
import { PLATFORMS } from '../../platforms';
import { allObjects, find, synthShipped } from '../helpers';

const tiny: PlatformDefinition = {
  name: 'tiny',
  description: 'test platform',
  base: { namespace: 'tiny' },
  environments: { dev: {}, prod: { namespace: 'tiny-prod' } },
};

describe('resolveSpec', () => {
  test('applies the environment override', () => {
    expect(resolveSpec(tiny, 'prod').namespace).toBe('tiny-prod');
    expect(resolveSpec(tiny, 'dev').namespace).toBe('tiny');
  });

  test('an unknown environment names the known ones and the fix', () => {
    expect(() => resolveSpec(tiny, 'qa')).toThrow(SpecError);
    expect(() => resolveSpec(tiny, 'qa')).toThrow(/platforms\/tiny\.environments: received "qa"; expected one of "dev", "prod"\. Fix: .*add "qa"/);
  });
});

describe('checkSpec', () => {
  test('a namespace that is not DNS-1123 is reported with path, value and fix', () => {
    const def = { ...tiny, base: { namespace: 'Tiny_NS' } };
    expect(() => checkSpec(def, 'dev', resolveSpec(def, 'dev')))
      .toThrow(/platforms\/tiny\[dev\]\.namespace: received "Tiny_NS"; expected a DNS-1123 label.*Fix: rename it, e\.g\. "tiny-ns"/);
  });

  test('every problem is reported at once', () => {
    const def = { ...tiny, name: 'Bad Name', base: { namespace: 'UPPER' } };
    try {
      checkSpec(def, 'dev', resolveSpec(def, 'dev'));
      throw new Error('expected a SpecError');
    } catch (e) {
      expect((e as SpecError).problems.map((p) => p.path)).toEqual(['platforms/Bad Name[dev].name', 'platforms/Bad Name[dev].namespace']);
    }
  });
});

describe('checkDefinition', () => {
  test('unknown keys in the base and in an override, each at the path where it is written', () => {
    const def = { ...tiny, base: { namespace: 'tiny', mesh: { enabeld: false } }, environments: { dev: {}, prod: { comon: { zoneSpread: false } } } } as unknown as PlatformDefinition;
    expect(checkDefinition(def).map((p) => `${p.path} ${p.fix}`)).toEqual([
      'platforms/tiny.base.mesh.enabeld did you mean "enabled"? rename the key',
      'platforms/tiny.environments.prod.comon did you mean "common"? rename the key',
    ]);
  });

  test('every shipped platform passes', () => {
    expect(PLATFORMS.flatMap(checkDefinition)).toEqual([]);
  });
});

describe('checkSpec before any component check', () => {
  test('a wrong type is a spec problem, not a TypeError from chart code', () => {
    const def = { ...tiny, base: { namespace: 'tiny', services: { api: { image: 'ghcr.io/t/api:1.0.0', ports: { http: { port: 8080 } }, talksTo: 'redis' } } } } as unknown as PlatformDefinition;
    expect(() => synthEnvironment(def, 'dev')).toThrow(/platforms\/tiny\[dev\]\.services\.api\.talksTo: received "redis"; expected a list of strings/);
  });
});

describe('object name collisions', () => {
  test('are traced to the spec paths that produced them', () => {
    const def: PlatformDefinition = {
      ...tiny,
      base: {
        namespace: 'tiny',
        redis: { storage: { size: '1Gi' }, passwordSecret: { name: 'tiny-redis', key: 'password' } },
        services: { 'redis-sentinel': { image: 'ghcr.io/t/api:1.0.0', ports: { http: { port: 8080 } } } },
      },
    };
    let error: SpecError | undefined;
    try {
      synthEnvironment(def, 'dev');
    } catch (e) {
      error = e as SpecError;
    }
    expect(error).toBeInstanceOf(SpecError);
    expect(error!.problems).toContainEqual(expect.objectContaining({
      path: 'platforms/tiny[dev].services.redis-sentinel',
      received: 'Service/tiny/redis-sentinel',
      expected: expect.stringMatching(/redis \(file redis\.k8s\.yaml\) produces Service\/tiny\/redis-sentinel too/),
    }));
  });
});

describe('synthEnvironment', () => {
  test('the namespace chart holds the namespace baseline', () => {
    const files = synthShipped('deltran-mvp', 'dev');
    const ns = find(allObjects(files), 'Namespace', 'deltran');
    expect(ns.metadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
    expect(ns.metadata.annotations['argocd.argoproj.io/sync-options']).toBe('Prune=false,Delete=false');
    const deny = find(files.get('namespace')!, 'NetworkPolicy', 'default-deny-ingress');
    expect(deny.spec).toEqual({ podSelector: {}, policyTypes: ['Ingress'] });
  });

  test('every shipped platform has dev, staging and prod, and each synthesizes', () => {
    for (const def of PLATFORMS) {
      expect(Object.keys(def.environments)).toEqual(expect.arrayContaining(['dev', 'staging', 'prod']));
      for (const env of Object.keys(def.environments)) expect(synthEnvironment(def, env).files.length).toBeGreaterThan(0);
    }
  });
});
