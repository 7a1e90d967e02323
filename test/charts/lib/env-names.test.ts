import { checkEnvNames, renameEnv } from '../../../charts/lib/env-names';
import { ProblemCollector } from '../../../charts/lib/errors';

describe('renameEnv', () => {
  test('renames variables and the $(NAME) references to them; others stay', () => {
    const vars = [
      { name: 'PASSWORD', valueFrom: { secretKeyRef: { name: 's', key: 'password' } } },
      { name: 'URL', value: 'scheme://user:$(PASSWORD)@host/$(OTHER)' },
    ];
    expect(renameEnv(vars, { PASSWORD: 'DB_PASSWORD', URL: 'DATABASE_URL' })).toEqual([
      { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 's', key: 'password' } } },
      { name: 'DATABASE_URL', value: 'scheme://user:$(DB_PASSWORD)@host/$(OTHER)' },
    ]);
  });

  test('without renames the variables are unchanged', () => {
    const vars = [{ name: 'A', value: '$(B)' }];
    expect(renameEnv(vars)).toEqual(vars);
  });
});

describe('checkEnvNames', () => {
  const check = (renames: unknown, taken: string[] = []) => {
    const c = new ProblemCollector('services.web');
    checkEnvNames(c, 'envNames', renames, ['KAFKA_BOOTSTRAP_SERVERS', 'KAFKA_CLIENT_ID'], taken);
    return c.problems;
  };

  test('a rename of a generated variable to a free name passes', () => {
    expect(check({ KAFKA_BOOTSTRAP_SERVERS: 'KAFKA_BROKERS' })).toEqual([]);
    expect(check(undefined)).toEqual([]);
  });

  test('not a map, an unknown source, an invalid target', () => {
    expect(check(['KAFKA_BROKERS']).map((p) => p.path)).toEqual(['services.web.envNames']);
    expect(check({ NOPE: 'X' })[0]).toMatchObject({ path: 'services.web.envNames.NOPE', expected: 'a variable this service gets: KAFKA_BOOTSTRAP_SERVERS, KAFKA_CLIENT_ID' });
    expect(check({ KAFKA_CLIENT_ID: 'client-id' }).map((p) => p.path)).toEqual(['services.web.envNames.KAFKA_CLIENT_ID']);
  });

  test('two variables under one name: two renames, a rename onto a generated name, or a generated name the spec sets too', () => {
    expect(check({ KAFKA_BOOTSTRAP_SERVERS: 'X', KAFKA_CLIENT_ID: 'X' }).map((p) => p.path)).toEqual(['services.web.envNames.KAFKA_CLIENT_ID']);
    expect(check({ KAFKA_BOOTSTRAP_SERVERS: 'KAFKA_CLIENT_ID' }).map((p) => p.path)).toEqual(['services.web.envNames.KAFKA_CLIENT_ID']);
    expect(check({}, ['KAFKA_CLIENT_ID']).map((p) => p.path)).toEqual(['services.web.envNames.KAFKA_CLIENT_ID']);
  });
});
