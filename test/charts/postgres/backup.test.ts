import { find } from '../../helpers';
import { shop, synthFile } from './fixtures';

const objects = (spec = shop()) => synthFile(spec, 'postgres');

describe('backup CronJobs', () => {
  test('the base backup runs hourly by default in the backup sidecar of the primary', () => {
    const cj = find(objects(), 'CronJob', 'shop-db-base-backup');
    expect(cj.spec.schedule).toBe('0 * * * *');
    expect(cj.spec.concurrencyPolicy).toBe('Forbid');
    const pod = cj.spec.jobTemplate.spec.template;
    expect(pod.spec.serviceAccountName).toBe('shop-db-backup');
    expect(pod.spec.restartPolicy).toBe('Never');
    expect(pod.metadata.labels['sidecar.istio.io/inject']).toBe('false');
    expect(pod.spec.containers[0].image).toBe('registry.k8s.io/kubectl:v1.30.3');
    expect(pod.spec.containers[0].args).toEqual(['exec', 'svc/shop-db-rw', '-c', 'backup', '--', '/bin/sh', '/etc/patroni/base-backup.sh']);
  });

  test('the schedule and retention follow the spec', () => {
    const spec = shop({ postgres: { backup: { schedule: '15 */6 * * *', retentionDays: 7 } } });
    expect(find(objects(spec), 'CronJob', 'shop-db-base-backup').spec.schedule).toBe('15 */6 * * *');
    const script = find(objects(spec), 'ConfigMap', 'shop-db-patroni').data['base-backup.sh'];
    expect(script).toContain('wal-g backup-push "/home/postgres/pgdata/pgroot/data"');
    expect(script).toContain('python3 /etc/patroni/backup_list.py keep 7)');
    expect(script).toContain('wal-g delete before FIND_FULL "$target" --confirm');
    expect(script).toMatch(/pg_is_in_recovery/);
  });

  test('default retention is 30 days', () => {
    expect(find(objects(), 'ConfigMap', 'shop-db-patroni').data['base-backup.sh']).toContain('backup_list.py keep 30)');
  });

  test('the logical dump CronJob exists only with logicalDumpSchedule', () => {
    const cj = find(objects(), 'CronJob', 'shop-db-logical-dump');
    expect(cj.spec.schedule).toBe('0 3 * * 0');
    expect(cj.spec.jobTemplate.spec.template.spec.containers[0].args.slice(-2)).toEqual(['/bin/bash', '/etc/patroni/logical-dump.sh']);
    const script = find(objects(), 'ConfigMap', 'shop-db-patroni').data['logical-dump.sh'];
    expect(script).toMatch(/pg_dumpall" .*\| gzip -c \| python3 \/etc\/patroni\/s3_objects.py put "\$key"/);
    expect(script).toContain('set -euo pipefail');
    const noDump = objects(shop({ postgres: { backup: { logicalDumpSchedule: null } } }));
    expect(noDump.some((o) => o.kind === 'CronJob' && o.metadata.name === 'shop-db-logical-dump')).toBe(false);
    expect(find(noDump, 'ConfigMap', 'shop-db-patroni').data).not.toHaveProperty('logical-dump.sh');
  });

  test('no CronJob without backups', () => {
    expect(objects(shop({ postgres: { backup: null } })).some((o) => o.kind === 'CronJob')).toBe(false);
  });

  test('the job pods get no mesh label when the mesh is off', () => {
    const cj = find(objects(shop({ mesh: { enabled: false } })), 'CronJob', 'shop-db-base-backup');
    expect(cj.spec.jobTemplate.spec.template.metadata.labels).not.toHaveProperty('sidecar.istio.io/inject');
  });
});
