import { ProblemCollector, SpecProblem } from '../../../charts/lib/errors';
import { checkServices } from '../../../charts/services/checks';
import { AppServiceSpec, PlatformSpec } from '../../../charts/spec';
import { synthSpec } from '../../helpers';

const platform = (service: Partial<AppServiceSpec>, name = 'orders'): PlatformSpec => ({
  namespace: 'ns',
  postgres: {
    storage: { size: '1Gi' },
    superuserSecret: { name: 'su', key: 'password' },
    replicationSecret: { name: 'repl', key: 'password' },
    roles: { orders: { passwordSecret: { name: 'db-orders', key: 'password' } }, billing: { passwordSecret: { name: 'db-billing', key: 'password' } } },
    databases: { orders: { owner: 'orders' }, billing: { owner: 'billing' } },
  },
  redis: { passwordSecret: { name: 'redis', key: 'password' }, storage: { size: '1Gi' } },
  services: { [name]: { image: 'x:1', ports: { http: { port: 80 } }, talksTo: ['postgres', 'redis'], ...service } as AppServiceSpec },
});

function problems(spec: PlatformSpec): SpecProblem[] {
  const c = new ProblemCollector('spec');
  checkServices(c, spec);
  return c.problems;
}
const paths = (spec: PlatformSpec) => problems(spec).map((p) => p.path);

describe('connection checks', () => {
  test('a service with its own database, or one named in the spec, passes', () => {
    expect(problems(platform({}))).toEqual([]);
    expect(problems(platform({ postgres: { database: 'billing', user: 'billing', readOnly: true } }, 'web'))).toEqual([]);
  });

  test('no database named after the service and more than one declared: the fix names the field', () => {
    const [p] = problems(platform({}, 'web'));
    expect(p.path).toBe('spec.services.web.postgres.database');
    expect(p.expected).toContain('("orders", "billing")');
    expect(p.fix).toContain('set postgres: { database: "<name>" }');
  });

  test('unknown database or role, a non-boolean readOnly, postgres settings without talking to it', () => {
    expect(paths(platform({ postgres: { database: 'shop' } }))).toEqual(['spec.services.orders.postgres.database']);
    expect(paths(platform({ postgres: { user: 'admin' } }))).toEqual(['spec.services.orders.postgres.user']);
    expect(paths(platform({ postgres: { readOnly: 'yes' as unknown as boolean } }))).toEqual(['spec.services.orders.postgres.readOnly']);
    expect(paths(platform({ talksTo: ['redis'], postgres: { database: 'orders' } }))).toEqual(['spec.services.orders.postgres']);
  });

  test('envNames: only generated variables, valid names, no two alike', () => {
    expect(problems(platform({ envNames: { PGHOST: 'DB_HOST', REDIS_URL: 'CACHE_URL' } }))).toEqual([]);
    expect(paths(platform({ envNames: { KAFKA_BOOTSTRAP: 'BROKERS' } }))).toEqual(['spec.services.orders.envNames.KAFKA_BOOTSTRAP']);
    expect(paths(platform({ envNames: { PGHOST: '1HOST' } }))).toEqual(['spec.services.orders.envNames.PGHOST']);
    const twice = problems(platform({ envNames: { PGHOST: 'HOST', REDIS_HOST: 'HOST' } }));
    expect(twice.map((p) => p.expected)).toEqual(['a name no other variable of the service has (the generated PGHOST has it too)']);
  });

  test('env or secretEnv setting a generated variable: remove it or rename the generated one', () => {
    const [p] = problems(platform({ secretEnv: { REDIS_PASSWORD: { name: 'redis', key: 'password' } } }));
    expect(p.path).toBe('spec.services.orders.envNames.REDIS_PASSWORD');
    expect(p.fix).toBe('rename REDIS_PASSWORD here to a free name, or remove REDIS_PASSWORD from env/secretEnv (the generated variable replaces it)');
    expect(problems(platform({ env: { DB_HOST: 'legacy' }, envNames: { PGHOST: 'DB_HOST' } }))[0].path).toBe('spec.services.orders.envNames.PGHOST');
    // renamed out of the way, the app's own value stays
    expect(problems(platform({ env: { DATABASE_URL: 'postgres://elsewhere' }, envNames: { DATABASE_URL: 'PLATFORM_DATABASE_URL' } }))).toEqual([]);
  });

  test('synth refuses such a spec with the path, and envNames values are never mistaken for literal secrets', () => {
    expect(() => synthSpec(platform({}, 'web'))).toThrow(/platforms\/test\[test\]\.services\.web\.postgres\.database: received nothing/);
    expect(() => synthSpec(platform({ envNames: { PGPASSWORD: 'DB_PASSWORD' } }))).not.toThrow();
  });
});
