import { ComponentDefinition } from '../component';
import { checkRedis } from './checks';
import { RedisSentinel } from './redis';

/** Redis with Sentinel: one chart `redis` when the platform has `redis`. */
export const redisComponent: ComponentDefinition = {
  key: 'redis',
  check: checkRedis,
  charts: (spec) => (spec.redis
    ? [{ file: 'redis', build: (chart, ctx) => new RedisSentinel(chart, 'redis', ctx, ctx.spec.redis!), pod: { path: 'redis.pod', overrides: spec.redis.pod } }]
    : []),
};
