import { ChartUnit, ComponentDefinition } from '../component';
import { checkPostgres } from './checks';
import { PgBouncer } from './pgbouncer/pgbouncer';
import { PostgresCluster } from './postgres';

/**
 * Postgres (Patroni StatefulSet) and PgBouncer. PgBouncer has its own file, so the pooler can be
 * reviewed and synced apart from the data-bearing cluster.
 */
export const postgresComponent: ComponentDefinition = {
  key: 'postgres',
  check: checkPostgres,
  charts: (spec) => {
    if (!spec.postgres) return [];
    const pod = { path: 'postgres.pod', overrides: spec.postgres.pod };
    const units: ChartUnit[] = [{ file: 'postgres', build: (chart, ctx) => new PostgresCluster(chart, 'postgres', ctx, ctx.spec.postgres!), pod }];
    if (spec.postgres.pgbouncer) units.push({ file: 'pgbouncer', build: (chart, ctx) => new PgBouncer(chart, 'pgbouncer', ctx, ctx.spec.postgres!), pod });
    return units;
  },
};
