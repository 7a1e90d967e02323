import { execFileSync } from 'child_process';
import { writeFileSync } from 'fs';
import { join } from 'path';
import { stringify } from 'yaml';
import { find, K8sObject, requireTool } from '../../helpers';
import { shop, synthFile } from './fixtures';
import { tempDir } from '../../temp-dirs';


function alertNames(rule: K8sObject): string[] {
  return rule.spec.groups.flatMap((g: any) => g.rules.map((r: any) => r.alert));
}

function promtoolCheck(rule: K8sObject): void {
  const dir = tempDir('pg-rules-');
  const file = join(dir, 'rules.yaml');
  writeFileSync(file, stringify({ groups: rule.spec.groups }));
  execFileSync('promtool', ['check', 'rules', file], { stdio: 'pipe' });
}

describe('alerts', () => {
  test('Postgres: down, no primary, failover, lag, connections, disk, archiving, backups', () => {
    const rule = find(synthFile(shop(), 'postgres'), 'PrometheusRule', 'shop-db');
    expect(alertNames(rule)).toEqual([
      'PostgresDown', 'PostgresNoPrimary', 'PostgresFailover',
      'PostgresReplicationLag', 'PostgresReplicaNotStreaming',
      'PostgresTooManyConnections', 'PostgresVolumeFilling', 'PostgresVolumeFullIn24h',
      'PostgresWalArchivingFailing', 'PostgresBaseBackupTooOld', 'PostgresLogicalDumpTooOld',
    ]);
    const byName = Object.fromEntries(rule.spec.groups.flatMap((g: any) => g.rules).map((r: any) => [r.alert, r]));
    expect(byName.PostgresNoPrimary.expr).toBe('absent(pg_replication_is_replica{namespace="shop",pod=~"shop-db-[0-9]+"} == 0)');
    expect(byName.PostgresWalArchivingFailing.expr).toContain('increase(pg_stat_archiver_failed_count{namespace="shop",pod=~"shop-db-[0-9]+"}[15m]) > 0');
    expect(byName.PostgresVolumeFilling.expr).toContain('persistentvolumeclaim=~"data-shop-db-[0-9]+"');
    expect(byName.PostgresReplicaNotStreaming.expr).toContain('< 2');
    expect(byName.PostgresDown.annotations.runbook_url).toBe('docs/runbooks/PostgresDown.md');
    // hourly backups with a 6 h deadline: late after 7 h; the weekly dump after two weeks
    expect(byName.PostgresBaseBackupTooOld.expr).toBe(
      '(time() - max(kube_cronjob_status_last_successful_time{namespace="shop",cronjob="shop-db-base-backup"}) > 25200) or ' +
      '((time() - max(kube_cronjob_created{namespace="shop",cronjob="shop-db-base-backup"}) > 25200) unless max(kube_cronjob_status_last_successful_time{namespace="shop",cronjob="shop-db-base-backup"}) > 0)');
    expect(byName.PostgresLogicalDumpTooOld.expr).toContain('> 1209600');
  });

  test('no backup alerts without backups, no streaming alert for one member', () => {
    const rule = find(synthFile(shop({ postgres: { backup: null, members: 1, synchronous: false } }), 'postgres'), 'PrometheusRule', 'shop-db');
    expect(alertNames(rule)).not.toEqual(expect.arrayContaining(['PostgresWalArchivingFailing']));
    expect(alertNames(rule)).not.toContain('PostgresReplicaNotStreaming');
  });

  test('PgBouncer: down, unavailable, waiting clients, pool and client saturation', () => {
    const rule = find(synthFile(shop(), 'pgbouncer'), 'PrometheusRule', 'shop-db-pooler');
    expect(alertNames(rule)).toEqual(['PgBouncerDown', 'PgBouncerUnavailable', 'PgBouncerClientsWaiting', 'PgBouncerPoolSaturated', 'PgBouncerClientConnectionsHigh']);
  });

  test('promtool accepts every rule', () => {
    requireTool('promtool', 'prometheus');
    promtoolCheck(find(synthFile(shop(), 'postgres'), 'PrometheusRule', 'shop-db'));
    promtoolCheck(find(synthFile(shop(), 'pgbouncer'), 'PrometheusRule', 'shop-db-pooler'));
  });

  test('the PodMonitor scrapes the exporter port of the members', () => {
    const monitor = find(synthFile(shop(), 'postgres'), 'PodMonitor', 'shop-db');
    expect(monitor.spec.podMetricsEndpoints).toEqual([{ port: 'http-metrics', path: '/metrics', interval: '30s' }]);
    expect(monitor.spec.selector.matchLabels).toEqual({ 'app.kubernetes.io/name': 'postgres', 'app.kubernetes.io/instance': 'shop-db', 'app.kubernetes.io/component': 'database' });
  });
});
