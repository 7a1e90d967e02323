import { k8s } from '../lib/k8s';
import { Construct } from 'constructs';
import { configChecksum } from '../lib/checksum';
import { syncWave, SyncWave } from '../lib/gitops';
import { bootstrapSql } from './bootstrap-sql';
import { HANDOVER_FILE, handoverScript } from './handover';
import { patroniYaml } from './patroni-config';
import { reconcileDcsScript, RECONCILE_FILES, reconcileScript } from './reconcile';
import { primaryPoolOf } from './pgbouncer/settings';
import {
  baseBackupScript, logicalDumpScript, postBootstrapScript, BACKUP_LIST_PY, S3_OBJECTS_PY, SCRIPT_FILES,
} from './scripts';
import { PostgresSettings } from './settings';

export const PATRONI_CONFIG_KEY = 'patroni.yml';

/** The files of the `<name>-patroni` ConfigMap: patroni.yml and the scripts it and the backup jobs run. */
export function patroniFiles(s: PostgresSettings, mesh = false): Record<string, string> {
  const files: Record<string, string> = {
    [PATRONI_CONFIG_KEY]: patroniYaml(s),
    [SCRIPT_FILES.postBootstrap]: postBootstrapScript(s),
    [SCRIPT_FILES.bootstrapSql]: bootstrapSql(s, { pgbouncerAuthQuery: s.spec.pgbouncer?.authMode === 'auth_query' }),
    [HANDOVER_FILE]: handoverScript(s, primaryPoolOf(s.spec)),
    [RECONCILE_FILES.script]: reconcileScript(s, mesh),
    [RECONCILE_FILES.dcs]: reconcileDcsScript(s),
  };
  if (s.backup) {
    files[SCRIPT_FILES.baseBackup] = baseBackupScript(s);
    files[SCRIPT_FILES.backupList] = BACKUP_LIST_PY;
    if (s.backup.logicalDumpSchedule) {
      files[SCRIPT_FILES.logicalDump] = logicalDumpScript(s);
      files[SCRIPT_FILES.s3] = S3_OBJECTS_PY;
    }
  }
  return files;
}

/** Files only the bootstrap and the reconcile Job read: a change must not roll the members. */
export const NOT_READ_BY_MEMBERS: readonly string[] = [SCRIPT_FILES.postBootstrap, SCRIPT_FILES.bootstrapSql, RECONCILE_FILES.script, RECONCILE_FILES.dcs];

/** Hash of the files running members use, for the pod template: members roll when those change. */
export function patroniFilesChecksum(files: Record<string, string>): string {
  return configChecksum(...Object.keys(files).filter((k) => !NOT_READ_BY_MEMBERS.includes(k)).sort().flatMap((k) => [k, files[k]]));
}

export function patroniConfigMap(scope: Construct, id: string, s: PostgresSettings, files: Record<string, string>): k8s.KubeConfigMap {
  return new k8s.KubeConfigMap(scope, id, {
    metadata: { name: s.names.config, labels: s.labels, annotations: syncWave(SyncWave.CONFIG) },
    data: files,
  });
}
