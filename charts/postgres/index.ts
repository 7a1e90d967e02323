import { ComponentDefinition } from '../component';

/** Postgres (Patroni StatefulSet) and PgBouncer. */
export const postgresComponent: ComponentDefinition = {
  key: 'postgres',
  check: () => undefined,
  charts: () => [],
};
