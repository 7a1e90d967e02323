import { parse } from 'yaml';
import { find } from '../../helpers';
import { shop, synthFile } from './fixtures';

function patroniYml(spec = shop()): any {
  const cm = find(synthFile(spec, 'postgres'), 'ConfigMap', 'shop-db-patroni');
  // Patroni reads the file with a YAML 1.1 parser
  return parse(cm.data['patroni.yml'], { version: '1.1' });
}

describe('patroni.yml', () => {
  test('Kubernetes DCS in ConfigMap mode with explicit role label values', () => {
    const y = patroniYml();
    expect(y.scope).toBe('shop-db');
    expect(y.kubernetes).toEqual({
      use_endpoints: false,
      labels: { application: 'patroni' },
      scope_label: 'cluster-name',
      role_label: 'role',
      leader_label_value: 'master',
      follower_label_value: 'replica',
      standby_leader_label_value: 'master',
    });
    expect(y.restapi).toEqual({ listen: '0.0.0.0:8008' });
  });

  test('bin_dir matches the image and Debian, data lives on the volume', () => {
    const pg = patroniYml().postgresql;
    expect(pg.bin_dir).toBe('/usr/lib/postgresql/15/bin');
    expect(pg.data_dir).toBe('/home/postgres/pgdata/pgroot/data');
    expect(pg.listen).toBe('0.0.0.0:5432');
    expect(pg.authentication).toEqual({ superuser: { username: 'postgres' }, replication: { username: 'replicator' } });
    expect(pg.pgpass).toBe('/tmp/pgpass');
  });

  test('slots, pg_rewind, failsafe and synchronous mode live in bootstrap.dcs', () => {
    const dcs = patroniYml().bootstrap.dcs;
    expect(dcs).toMatchObject({
      ttl: 30, loop_wait: 10, retry_timeout: 10, failsafe_mode: true,
      synchronous_mode: true, synchronous_mode_strict: false, synchronous_node_count: 1,
      postgresql: { use_pg_rewind: true, use_slots: true },
    });
    const async = patroniYml(shop({ postgres: { synchronous: false } })).bootstrap.dcs;
    expect(async.synchronous_mode).toBe(false);
    expect(async).not.toHaveProperty('synchronous_node_count');
  });

  test('restart-level parameters go to the DCS, the rest stay local; spec values win', () => {
    const y = patroniYml();
    expect(y.bootstrap.dcs.postgresql.parameters).toEqual({
      hot_standby: 'on', max_connections: 200, max_replication_slots: 10, max_wal_senders: 10, wal_keep_size: '1GB', wal_level: 'replica',
    });
    const local = y.postgresql.parameters;
    expect(local).toMatchObject({
      password_encryption: 'scram-sha-256',
      shared_buffers: '512MB',
      unix_socket_directories: '/var/run/postgresql',
      archive_mode: 'always',
      archive_command: 'wal-g wal-push "%p"',
      // a fifth of the 20Gi volume
      max_slot_wal_keep_size: '4096MB',
    });
    expect(local.shared_preload_libraries).toBe('pg_stat_statements,timescaledb');
    expect(local).not.toHaveProperty('max_connections');
    expect(y.postgresql.recovery_conf).toEqual({ restore_command: 'wal-g wal-fetch "%f" "%p"' });
  });

  test('"on" and "off" stay strings for a YAML 1.1 reader', () => {
    const cm = find(synthFile(shop(), 'postgres'), 'ConfigMap', 'shop-db-patroni');
    expect(cm.data['patroni.yml']).toMatch(/hot_standby: "on"/);
    expect(cm.data['patroni.yml']).toMatch(/mode: "off"/);
  });

  test('without backups nothing archives and replicas restore nothing', () => {
    const y = patroniYml(shop({ postgres: { backup: null } }));
    expect(y.postgresql.parameters.archive_mode).toBe('off');
    expect(y.postgresql.parameters).not.toHaveProperty('archive_command');
    expect(y.postgresql).not.toHaveProperty('recovery_conf');
  });

  test('pg_hba: scram-sha-256 everywhere, spec lines before the catch-all', () => {
    const hba: string[] = patroniYml().postgresql.pg_hba;
    expect(hba.every((l) => /(scram-sha-256|reject)$/.test(l))).toBe(true);
    expect(hba[0]).toBe('local all all scram-sha-256');
    expect(hba).toContain('host replication replicator 0.0.0.0/0 scram-sha-256');
    const spec = hba.indexOf('host shop reporting 10.0.0.0/8 reject');
    expect(spec).toBeGreaterThan(hba.indexOf('host replication replicator ::/0 scram-sha-256'));
    expect(spec).toBeLessThan(hba.indexOf('host all all 0.0.0.0/0 scram-sha-256'));
  });

  test('bootstrap: initdb options and the post_bootstrap script', () => {
    const b = patroniYml().bootstrap;
    expect(b.initdb).toEqual([{ encoding: 'UTF8' }, { locale: 'C.UTF-8' }, 'data-checksums']);
    expect(b.post_bootstrap).toBe('/bin/sh /etc/patroni/post-bootstrap.sh');
  });

  test('watchdog off and members eligible for failover and sync', () => {
    const y = patroniYml();
    expect(y.watchdog).toEqual({ mode: 'off' });
    expect(y.tags).toEqual({ nofailover: false, noloadbalance: false, clonefrom: false, nosync: false });
  });
});
