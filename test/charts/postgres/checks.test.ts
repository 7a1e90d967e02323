import { SpecError } from '../../../charts/lib/errors';
import { Override, PlatformSpec } from '../../../charts/spec';
import { synthSpec } from '../../helpers';
import { shop } from './fixtures';

/** The problems the checks report for SHOP with `override`, as "path: message" lines. */
function problems(override: Override<PlatformSpec>): string[] {
  try {
    synthSpec(shop(override));
  } catch (e) {
    // the message users see: one line per problem after the header
    if (e instanceof SpecError) return e.message.split('\n').slice(1).map((l) => l.trim());
    throw e;
  }
  return [];
}

describe('postgres spec checks', () => {
  test('the fixture itself is valid', () => {
    expect(problems({})).toEqual([]);
  });

  test('members below 1', () => {
    expect(problems({ postgres: { members: 0, synchronous: false } })).toEqual([
      expect.stringMatching(/^platforms\/test\[test\]\.postgres\.members: received 0; expected an integer >= 1\. Fix: .*PodDisruptionBudget/),
    ]);
  });

  test('synchronous replication with a single member', () => {
    expect(problems({ postgres: { members: 1 } })).toEqual([
      expect.stringMatching(/postgres\.synchronous: received true; expected members >= 2.*Fix: set synchronous: false/),
    ]);
  });

  test('pooler replicas below 1', () => {
    expect(problems({ postgres: { pgbouncer: { replicas: 0 } } })).toEqual([expect.stringMatching(/postgres\.pgbouncer\.replicas: received 0; expected an integer >= 1/)]);
  });

  test('a database owner that is not a declared role', () => {
    expect(problems({ postgres: { databases: { shop: { owner: 'shopper' } } } })).toEqual([
      expect.stringMatching(/postgres\.databases\.shop\.owner: received "shopper"; expected a role declared in postgres\.roles \("app", "reporting"\)/),
    ]);
  });

  test('a storage size that is not a quantity', () => {
    expect(problems({ postgres: { storage: { size: '20 GB' } } })).toEqual([expect.stringMatching(/postgres\.storage\.size: received "20 GB"; expected a Kubernetes quantity/)]);
  });

  test('backup schedules must be five-field cron expressions', () => {
    expect(problems({ postgres: { backup: { schedule: '@hourly', logicalDumpSchedule: '0 3 * *' } } })).toEqual([
      expect.stringMatching(/postgres\.backup\.schedule: received "@hourly"; expected a five-field cron expression .*1 field instead of 5/),
      expect.stringMatching(/postgres\.backup\.logicalDumpSchedule: received "0 3 \* \*"; expected a five-field cron expression .*4 fields instead of 5/),
    ]);
    expect(problems({ postgres: { backup: { schedule: '61 * * * *' } } })).toEqual([expect.stringMatching(/minute field "61": "61" is outside 0-59/)]);
  });

  test('retention below one day', () => {
    expect(problems({ postgres: { backup: { retentionDays: 0 } } })).toEqual([expect.stringMatching(/postgres\.backup\.retentionDays: received 0; expected an integer from 1 to 3650/)]);
  });

  test('logical dump retention: whole days, and only with a dump schedule', () => {
    expect(problems({ postgres: { backup: { logicalDumpRetentionDays: 0.5 } } })).toEqual([expect.stringMatching(/postgres\.backup\.logicalDumpRetentionDays: received 0\.5; expected an integer from 1 to 3650/)]);
    expect(problems({ postgres: { backup: { logicalDumpSchedule: null, logicalDumpRetentionDays: 365 } } }))
      .toEqual([expect.stringMatching(/logicalDumpRetentionDays: received 365; expected a dump retention only with logicalDumpSchedule/)]);
  });

  test('a literal password is refused', () => {
    const p = problems({ postgres: { roles: { app: { password: 'hunter2' } as never } } });
    expect(p.some((l) => /postgres\.roles\.app\.password: received "<redacted literal>"/.test(l))).toBe(true);
    expect(p.join('\n')).not.toContain('hunter2');
  });

  test('a secret reference written as a string is refused without echoing it', () => {
    const p = problems({ postgres: { superuserSecret: 's3cret' as never } });
    expect(p).toEqual([expect.stringMatching(/postgres\.superuserSecret: received "<redacted literal>"; expected a Secret reference \{ name, key \}/)]);
  });

  test('weak pg_hba methods and parameters Patroni or the backup own', () => {
    expect(problems({ postgres: { pgHba: ['host all all 0.0.0.0/0 trust'] } })).toEqual([expect.stringMatching(/postgres\.pgHba\[0\]: .*method scram-sha-256, cert, reject \(got "trust"\)/)]);
    expect(problems({ postgres: { parameters: { port: 5433, archive_command: '/bin/true', wal_level: 'minimal' } } })).toEqual([
      expect.stringMatching(/postgres\.parameters\.port: .*Patroni sets this parameter itself/),
      expect.stringMatching(/postgres\.parameters\.archive_command: .*the backup settings own/),
      expect.stringMatching(/postgres\.parameters\.wal_level: received "minimal"; expected one of "replica", "logical"/),
    ]);
  });

  test('reserved and malformed role names, and SUPERUSER as an option', () => {
    const p = problems({ postgres: { roles: { postgres: { passwordSecret: { name: 'x', key: 'y' } }, app: { options: ['SUPERUSER'] } } } });
    expect(p).toEqual(expect.arrayContaining([
      expect.stringMatching(/postgres\.roles\.postgres: .*managed by Patroni and PgBouncer/),
      expect.stringMatching(/postgres\.roles\.app\.options\[0\]: received "SUPERUSER"; .*SUPERUSER is never granted/),
    ]));
  });

  test('auth_query needs the auth user\'s Secret; userlist needs roles', () => {
    expect(problems({ postgres: { pgbouncer: { authMode: 'auth_query' } } })).toEqual([expect.stringMatching(/postgres\.pgbouncer\.authUserSecret: received nothing; expected the password Secret of the "pgbouncer_auth" role/)]);
    expect(problems({ postgres: { roles: null, databases: null } })).toEqual([expect.stringMatching(/postgres\.pgbouncer\.authMode: received "userlist"; expected at least one role/)]);
  });

  test('pools that could exhaust max_connections', () => {
    expect(problems({ postgres: { pgbouncer: { defaultPoolSize: 100 } } })).toEqual([
      expect.stringMatching(/postgres\.pgbouncer\.defaultPoolSize: received 100; expected defaultPoolSize x replicas x databases \(100 x 2 x 1 = 200\) within max_connections - 10 \(190\)\. Fix: lower defaultPoolSize to 95 or raise postgres\.parameters\.max_connections to 210/),
    ]);
  });

  test('a version without a pinned image needs an image', () => {
    expect(problems({ postgres: { version: 16 } })).toEqual([expect.stringMatching(/postgres\.version: received 16; .*Fix: set postgres\.image/)]);
    expect(problems({ postgres: { version: 16, image: 'ghcr.io/zalando/spilo-16:3.2-p3' } })).toEqual([]);
    expect(problems({ postgres: { image: 'ghcr.io/zalando/spilo-15:latest' } })).toEqual([expect.stringMatching(/postgres\.image: .*pinned by a tag other than latest/)]);
  });

  test('names that would overflow object names, and init SQL pointing at unknown places', () => {
    expect(problems({ postgres: { name: 'a-very-long-cluster-name-that-overflows-cronjobs' } })).toEqual([expect.stringMatching(/postgres\.name: .*at most 39 characters/)]);
    expect(problems({ postgres: { initSqlConfigMap: 'shop-db-config' } })).toEqual([expect.stringMatching(/postgres\.initSqlConfigMap: received "shop-db-config"; expected a ConfigMap name other than/)]);
    expect(problems({ postgres: { initSqlDatabase: 'orders' } })).toEqual([expect.stringMatching(/postgres\.initSqlDatabase: received "orders"/)]);
  });
});
