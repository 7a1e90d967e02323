import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { configChecksum } from '../lib/checksum';
import { syncWave, SyncWave } from '../lib/gitops';
import { bootstrapSql } from './bootstrap-sql';
import { patroniYaml } from './patroni-config';
import {
  baseBackupScript, logicalDumpScript, postBootstrapScript, RETENTION_PY, S3_OBJECTS_PY, SCRIPT_FILES,
} from './scripts';
import { PostgresSettings } from './settings';

export const PATRONI_CONFIG_KEY = 'patroni.yml';

/** The files of the `<name>-patroni` ConfigMap: patroni.yml and the scripts it and the backup jobs run. */
export function patroniFiles(s: PostgresSettings): Record<string, string> {
  const files: Record<string, string> = {
    [PATRONI_CONFIG_KEY]: patroniYaml(s),
    [SCRIPT_FILES.postBootstrap]: postBootstrapScript(s),
    [SCRIPT_FILES.bootstrapSql]: bootstrapSql(s, { pgbouncerAuthQuery: s.spec.pgbouncer?.authMode === 'auth_query' }),
  };
  if (s.backup) {
    files[SCRIPT_FILES.baseBackup] = baseBackupScript(s);
    files[SCRIPT_FILES.retention] = RETENTION_PY;
    if (s.backup.logicalDumpSchedule) {
      files[SCRIPT_FILES.logicalDump] = logicalDumpScript(s);
      files[SCRIPT_FILES.s3] = S3_OBJECTS_PY;
    }
  }
  return files;
}

/** Hash of every file, for the pod template: members roll when the configuration changes. */
export function patroniFilesChecksum(files: Record<string, string>): string {
  return configChecksum(...Object.keys(files).sort().flatMap((k) => [k, files[k]]));
}

export function patroniConfigMap(scope: Construct, id: string, s: PostgresSettings, files: Record<string, string>): k8s.KubeConfigMap {
  return new k8s.KubeConfigMap(scope, id, {
    metadata: { name: s.names.config, labels: s.labels, annotations: syncWave(SyncWave.CONFIG) },
    data: files,
  });
}
