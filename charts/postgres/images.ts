/**
 * Pinned images; each is overridable from the spec. Spilo 3.1-p1 bundles Patroni 3.1.2, the first
 * line that honours the role label values patroni.yml sets (so -rw/-ro keep selecting `master` and
 * `replica` when a later Patroni defaults to `primary`), PostgreSQL 10-15 under
 * /usr/lib/postgresql/<major>/bin, WAL-G and python3 with boto3.
 */
export const SPILO_IMAGE = 'ghcr.io/zalando/spilo-15:3.1-p1';
/** Postgres major version the default image is pinned for. */
export const SPILO_DEFAULT_MAJOR = 15;
/** The image's postgres user and group (Debian's system ids in Spilo). */
export const SPILO_UID = 101;
export const SPILO_GID = 103;

/** postgres_exporter 0.16: replication and stat_archiver collectors on by default. */
export const POSTGRES_EXPORTER_IMAGE = 'quay.io/prometheuscommunity/postgres-exporter:v0.16.0';

/** kubectl for the backup CronJobs (`kubectl exec svc/<name>-rw`); runs its entrypoint only, no shell needed. */
export const KUBECTL_IMAGE = 'registry.k8s.io/kubectl:v1.30.3';

/** PgBouncer 1.24 (max_prepared_statements, auth_dbname); Debian based, has /bin/sh; user 998:996. */
export const PGBOUNCER_IMAGE = 'ghcr.io/cloudnative-pg/pgbouncer:1.24.1';
export const PGBOUNCER_UID = 998;
export const PGBOUNCER_GID = 996;

/** pgbouncer_exporter on a busybox base (has /bin/sh). */
export const PGBOUNCER_EXPORTER_IMAGE = 'quay.io/prometheuscommunity/pgbouncer-exporter:v0.10.0';
/** The exporter image's "nobody" user. */
export const EXPORTER_UID = 65534;
/** A non-root id for the distroless kubectl image. */
export const KUBECTL_UID = 65532;
