import { redisAlerts } from '../../../charts/redis/alerts';
import { redisSettings } from '../../../charts/redis/settings';
import { RedisSpec } from '../../../charts/spec';

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
