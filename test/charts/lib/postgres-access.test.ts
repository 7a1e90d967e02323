import { POSTGRES_CLIENT_PORT, postgresClientServices, postgresMembers, postgresName } from '../../../charts/lib/postgres-access';
import { PostgresSpec } from '../../../charts/spec';
import { allObjects, find, synthSpec } from '../../helpers';

const pg: PostgresSpec = {
  name: 'orders-db',
  storage: { size: '1Gi' },
  superuserSecret: { name: 'su', key: 'password' },
  replicationSecret: { name: 'repl', key: 'password' },
  roles: { app: { passwordSecret: { name: 'app', key: 'password' } } },
  pgbouncer: { readOnlyPool: true },
};

describe('how clients reach Postgres', () => {
  test('names and defaults', () => {
    expect(postgresName({ ...pg, name: undefined })).toBe('postgres');
    expect(postgresMembers(pg)).toBe(3);
    expect(postgresClientServices('orders-db')).toEqual({
      primary: 'orders-db-rw', replicas: 'orders-db-ro', pooler: 'orders-db-pooler', poolerReadOnly: 'orders-db-pooler-ro',
    });
  });

  test('the Postgres and PgBouncer charts create exactly these Services, each on the client port', () => {
    const objects = allObjects(synthSpec({ namespace: 'ns', postgres: pg }));
    for (const name of Object.values(postgresClientServices('orders-db'))) {
      expect(find(objects, 'Service', name).spec.ports.map((p: { port: number }) => p.port)).toEqual([POSTGRES_CLIENT_PORT]);
    }
  });
});
