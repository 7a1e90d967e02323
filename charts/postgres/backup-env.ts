import { k8s } from '../lib/k8s';
import { SecretKeyRef } from '../spec';
import { PATHS, PORTS, PostgresSettings, SUPERUSER } from './settings';

/**
 * WAL-G's configuration, as environment: where the archive lives and the S3 credentials, read
 * from the backup Secret. The postgres container needs it for archive_command/restore_command,
 * the backup sidecar for backup-push, retention and the logical dumps.
 */
export function walgEnv(s: PostgresSettings): k8s.EnvVar[] {
  const b = s.backup;
  if (!b) return [];
  const secret = (key: string): k8s.EnvVarSource => ({ secretKeyRef: { name: b.credentialsSecret, key } });
  return [
    { name: 'WALG_S3_PREFIX', value: b.destination },
    { name: 'AWS_REGION', value: b.region },
    ...(b.endpoint ? [{ name: 'AWS_ENDPOINT', value: b.endpoint }, { name: 'AWS_S3_FORCE_PATH_STYLE', value: 'true' }] : []),
    { name: 'AWS_ACCESS_KEY_ID', valueFrom: secret('AWS_ACCESS_KEY_ID') },
    { name: 'AWS_SECRET_ACCESS_KEY', valueFrom: secret('AWS_SECRET_ACCESS_KEY') },
    { name: 'WALG_COMPRESSION_METHOD', value: 'lz4' },
    // every member pushes the same segments (archive_mode always): an equal archived copy is
    // skipped, a different one is refused instead of overwritten (archive_command fails, the
    // segment stays on the volume and PostgresWalArchivingFailing fires)
    { name: 'WALG_PREVENT_WAL_OVERWRITE', value: 'true' },
    ...encryptionEnv(b.encryptionKeySecret),
    ...deltaEnv(b.deltaBackups),
    // bounded memory beside the database: 4 parallel uploads
    { name: 'WALG_UPLOAD_CONCURRENCY', value: '4' },
  ];
}

/**
 * Deltas against the last full backup (LATEST_FULL), not chained on one another: a restore reads
 * the full backup and one delta, and a damaged delta spoils no later one. WAL-G counts the steps
 * either way and takes a full backup after the last one.
 */
function deltaEnv(steps: number): k8s.EnvVar[] {
  if (steps === 0) return [];
  return [
    { name: 'WALG_DELTA_MAX_STEPS', value: String(steps) },
    { name: 'WALG_DELTA_ORIGIN', value: 'LATEST_FULL' },
  ];
}

/** Where the backup key arrives: WAL-G reads it (libsodium, base64), and the logical dump script hands it to openssl. */
export const BACKUP_KEY_ENV = 'WALG_LIBSODIUM_KEY';

function encryptionEnv(ref: SecretKeyRef | undefined): k8s.EnvVar[] {
  if (!ref) return [];
  return [
    { name: BACKUP_KEY_ENV, valueFrom: { secretKeyRef: { name: ref.name, key: ref.key } } },
    { name: 'WALG_LIBSODIUM_KEY_TRANSFORM', value: 'base64' },
  ];
}

/** libpq environment of the backup sidecar: the local socket, as the superuser. */
export function localSuperuserEnv(s: PostgresSettings): k8s.EnvVar[] {
  return [
    { name: 'PGHOST', value: PATHS.socketDir },
    { name: 'PGPORT', value: String(PORTS.postgres) },
    { name: 'PGUSER', value: SUPERUSER },
    { name: 'PGDATABASE', value: 'postgres' },
    { name: 'PGPASSWORD', valueFrom: { secretKeyRef: { name: s.spec.superuserSecret.name, key: s.spec.superuserSecret.key } } },
  ];
}
