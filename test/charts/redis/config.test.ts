import { redisConfTemplate, sentinelConfTemplate } from '../../../charts/redis/config';
import { redisSettings } from '../../../charts/redis/settings';
import { RedisSpec } from '../../../charts/spec';

const settings = (r: Partial<RedisSpec> = {}) =>
  redisSettings({ namespace: 'ns' }, { passwordSecret: { name: 'p', key: 'k' }, storage: { size: '1Gi' }, ...r });
const lines = (text: string) => text.split('\n').filter((l) => l && !l.startsWith('#'));

describe('redis.conf template', () => {
  test('defaults: AOF every second, the default RDB save points, noeviction, no maxmemory', () => {
    const conf = lines(redisConfTemplate(settings()));
    expect(conf).toEqual(expect.arrayContaining([
      'bind @BIND_ADDRESS@', 'port @REDIS_PORT@', 'dir @DATA_DIR@', 'protected-mode no',
      'appendonly yes', 'appendfsync everysec', 'save 900 1 300 10 60 10000', 'maxmemory-policy noeviction',
      'replica-read-only yes',
    ]));
    expect(conf.some((l) => l.startsWith('maxmemory '))).toBe(false);
    expect(conf.some((l) => /^(requirepass|masterauth|replicaof)/.test(l))).toBe(false);
  });

  test('spec settings: maxmemory, policy, save points, AOF off, min-replicas-to-write', () => {
    const conf = lines(redisConfTemplate(settings({ maxmemory: '2gb', evictionPolicy: 'allkeys-lru', save: ['60  1'], appendOnly: false, minReplicasToWrite: 1 })));
    expect(conf).toEqual(expect.arrayContaining(['maxmemory 2gb', 'maxmemory-policy allkeys-lru', 'save 60 1', 'appendonly no', 'min-replicas-to-write 1', 'min-replicas-max-lag 10']));
    expect(lines(redisConfTemplate(settings({ save: [] })))).toContain('save ""');
  });

  test('a store (noeviction, 2+ data pods) refuses writes with no replica by default; a cache and a lone pod do not', () => {
    const minReplicas = (r: Partial<RedisSpec>) => lines(redisConfTemplate(settings(r))).filter((l) => l.startsWith('min-replicas-'));
    expect(minReplicas({})).toEqual(['min-replicas-to-write 1', 'min-replicas-max-lag 10']);
    expect(minReplicas({ replicas: 2, evictionPolicy: 'noeviction' })).toEqual(['min-replicas-to-write 1', 'min-replicas-max-lag 10']);
    expect(minReplicas({ evictionPolicy: 'allkeys-lru' })).toEqual([]);
    expect(minReplicas({ replicas: 1 })).toEqual([]);
    expect(minReplicas({ minReplicasToWrite: 0 })).toEqual([]);
  });
});

describe('sentinel.conf template', () => {
  test('hostnames are enabled before the monitor line, and the knobs follow it', () => {
    const conf = lines(sentinelConfTemplate(settings({ masterSet: 'orders', downAfterMilliseconds: 3000, failoverTimeout: 30000, parallelSyncs: 2 })));
    const at = (l: string) => conf.indexOf(l);
    expect(at('sentinel resolve-hostnames yes')).toBeGreaterThanOrEqual(0);
    expect(at('sentinel resolve-hostnames yes')).toBeLessThan(at('sentinel monitor orders @MASTER_HOST@ @MASTER_PORT@ 2'));
    expect(at('sentinel announce-hostnames yes')).toBeLessThan(at('sentinel monitor orders @MASTER_HOST@ @MASTER_PORT@ 2'));
    expect(conf).toEqual(expect.arrayContaining(['sentinel announce-ip @ANNOUNCE_HOST@', 'sentinel announce-port @SENTINEL_PORT@',
      'sentinel down-after-milliseconds orders 3000', 'sentinel failover-timeout orders 30000', 'sentinel parallel-syncs orders 2']));
    expect(at('sentinel down-after-milliseconds orders 3000')).toBeGreaterThan(at('sentinel monitor orders @MASTER_HOST@ @MASTER_PORT@ 2'));
  });

  test('quorum defaults to the majority of sentinels and follows the spec', () => {
    expect(sentinelConfTemplate(settings({ sentinels: 5 }))).toContain('sentinel monitor mymaster @MASTER_HOST@ @MASTER_PORT@ 3\n');
    expect(sentinelConfTemplate(settings({ sentinels: 5, quorum: 2 }))).toContain('@MASTER_PORT@ 2\n');
  });
});
