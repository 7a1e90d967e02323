import { spawnSync } from 'child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { stringify } from 'yaml';
import { redisAlerts } from '../../../charts/redis/alerts';
import { redisSettings } from '../../../charts/redis/settings';
import { RedisSpec } from '../../../charts/spec';
import { requireTool } from '../../helpers';

const settings = (r: Partial<RedisSpec> = {}) =>
  redisSettings({ namespace: 'ns' }, { name: 'cache', passwordSecret: { name: 'p', key: 'k' }, storage: { size: '1Gi' }, ...r });
const byName = (r: Partial<RedisSpec> = {}) => Object.fromEntries(redisAlerts(settings(r), { namespace: 'ns' }).rules.map((a) => [a.alert, a]));

describe('redis alerts', () => {
  test('down, master count, master change, rejected connections, replication and sentinel quorum', () => {
    const a = byName();
    expect(Object.keys(a)).toEqual(expect.arrayContaining(['RedisDown', 'RedisNoMaster', 'RedisMultipleMasters', 'RedisMasterChanged',
      'RedisRejectedConnections', 'RedisReplicationBroken', 'RedisSentinelDown', 'RedisSentinelQuorumLost', 'RedisMissingReplicas', 'RedisSentinelReplicasDown']));
    expect(a.RedisDown.expr).toBe('redis_up{namespace="ns",pod=~"cache-[0-9]+"} == 0');
    expect(a.RedisMultipleMasters.expr).toBe('count(redis_instance_info{namespace="ns",pod=~"cache-[0-9]+",role="master"}) > 1');
    expect(a.RedisNoMaster.expr).toContain('absent(redis_instance_info{');
    expect(a.RedisMissingReplicas.expr).toContain('redis_connected_slaves{namespace="ns",pod=~"cache-[0-9]+"} < 2');
    expect(a.RedisReplicationBroken.expr).toContain('redis_master_link_up');
    expect(a.RedisSentinelDown.expr).toContain('pod=~"cache-sentinel-[0-9]+"');
  });

  test('memory alert only with maxmemory; critical when a full dataset makes writes fail', () => {
    expect(byName().RedisMemoryNearMaxmemory).toBeUndefined();
    const noEviction = byName({ maxmemory: '1gb' }).RedisMemoryNearMaxmemory;
    expect(noEviction.expr).toContain('/ (redis_memory_max_bytes{namespace="ns",pod=~"cache-[0-9]+"} > 0) > 0.9');
    expect(noEviction.severity).toBe('critical');
    expect(byName({ maxmemory: '1gb', evictionPolicy: 'allkeys-lru' }).RedisMemoryNearMaxmemory.severity).toBe('warning');
  });

  test('no replica alerts for a single data pod', () => {
    expect(byName({ replicas: 1 }).RedisMissingReplicas).toBeUndefined();
  });
});

describe('master proxy alerts, evaluated by promtool', () => {
  const group = redisAlerts(settings(), { namespace: 'ns' });

  test('only with the master proxy', () => {
    expect(byName().RedisMasterProxyNoMaster).toBeDefined();
    expect(byName({ masterProxy: { enabled: false } }).RedisMasterProxyNoMaster).toBeUndefined();
    expect(byName({ masterProxy: { enabled: false } }).RedisMasterProxyRefusing).toBeUndefined();
  });

  test('a proxy pod that sees no master, and one that refuses clients, fire; data pods never match', () => {
    requireTool('promtool', 'prometheus');
    const dir = mkdtempSync(join(tmpdir(), 'redis-proxy-alerts-'));
    try {
      const rules = { groups: [{ name: group.name, rules: group.rules.filter((r) => r.alert.startsWith('RedisMasterProxy')).map((r) => ({ alert: r.alert, expr: r.expr, for: r.for, labels: { severity: r.severity } })) }] };
      writeFileSync(join(dir, 'rules.yaml'), stringify(rules));
      const proxyPod = 'cache-master-7c9d5b8f6d-x2k9q';
      writeFileSync(join(dir, 'test.yaml'), stringify({
        rule_files: ['rules.yaml'],
        evaluation_interval: '1m',
        tests: [{
          interval: '1m',
          input_series: [
            { series: `haproxy_backend_active_servers{namespace="ns",pod="${proxyPod}",proxy="redis_master"}`, values: '1 0 0 0 0' },
            // a data pod's exporter never counts as a proxy
            { series: 'haproxy_backend_active_servers{namespace="ns",pod="cache-0",proxy="redis_master"}', values: '0 0 0 0 0' },
            { series: `haproxy_frontend_denied_connections_total{namespace="ns",pod="${proxyPod}",proxy="redis"}`, values: '0 0 60 120 180 240 300 360' },
          ],
          alert_rule_test: [
            { eval_time: '4m', alertname: 'RedisMasterProxyNoMaster', exp_alerts: [{ exp_labels: { severity: 'critical', namespace: 'ns', pod: proxyPod, proxy: 'redis_master' } }] },
            { eval_time: '2m', alertname: 'RedisMasterProxyNoMaster', exp_alerts: [] },
            { eval_time: '7m', alertname: 'RedisMasterProxyRefusing', exp_alerts: [{ exp_labels: { severity: 'critical', namespace: 'ns', pod: proxyPod, proxy: 'redis' } }] },
          ],
        }],
      }));
      const run = spawnSync('promtool', ['test', 'rules', 'test.yaml'], { cwd: dir, encoding: 'utf8' });
      expect(run.stdout + run.stderr).toContain('SUCCESS');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
