import {
  headlessServiceName, instanceName, masterProxyEnabled, masterServiceName, masterSetOf, REDIS_PORT, SENTINEL_PORT,
  sentinelServiceName, sentinelsOf, sentinelStatefulSetName,
} from '../../../charts/lib/redis-access';
import { RedisSpec } from '../../../charts/spec';
import { find, synthSpec } from '../../helpers';

const redis: RedisSpec = { name: 'cache', passwordSecret: { name: 'pw', key: 'password' }, storage: { size: '1Gi' } };

describe('how clients reach Redis', () => {
  test('defaults', () => {
    const bare = { ...redis, name: undefined };
    expect([instanceName(bare), masterSetOf(bare), sentinelsOf(bare), masterProxyEnabled(bare)]).toEqual(['redis', 'mymaster', 3, true]);
    expect(masterProxyEnabled({ ...redis, masterProxy: { enabled: false } })).toBe(false);
  });

  test('the Redis chart creates these Services and StatefulSet on these ports', () => {
    const objects = synthSpec({ namespace: 'ns', redis }).get('redis')!;
    const ports = (name: string) => find(objects, 'Service', name).spec.ports.map((p: { port: number }) => p.port);
    expect(ports(sentinelServiceName('cache'))).toEqual([SENTINEL_PORT]);
    expect(ports(masterServiceName('cache'))).toEqual([REDIS_PORT]);
    expect(ports(headlessServiceName('cache'))).toEqual([REDIS_PORT, SENTINEL_PORT]);
    expect(find(objects, 'StatefulSet', sentinelStatefulSetName('cache')).spec.serviceName).toBe(headlessServiceName('cache'));
  });
});
