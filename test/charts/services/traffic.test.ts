import { durationMs, resolveTraffic, routePolicy, TRAFFIC_DEFAULTS } from '../../../charts/services/traffic';

describe('traffic policy', () => {
  test('service over mesh over defaults, field by field', () => {
    const t = resolveTraffic({ namespace: 'x', mesh: { traffic: { retries: 5, timeout: '20s' } } }, { image: 'x:1', ports: {}, traffic: { timeout: '4s' } });
    expect(t).toEqual({ ...TRAFFIC_DEFAULTS, retries: 5, timeout: '4s' });
  });

  test('route policy per protocol', () => {
    const t = TRAFFIC_DEFAULTS;
    expect(routePolicy({ name: 'a', port: 1, protocol: 'http' }, t)).toEqual({ retries: { attempts: 3, perTryTimeout: '3s', retryOn: t.retryOn }, timeout: '10s' });
    expect(routePolicy({ name: 'a', port: 1, protocol: 'grpc' }, t).retries.retryOn).toBe(t.grpcRetryOn);
    expect(routePolicy({ name: 'a', port: 1, protocol: 'ws' }, t)).toEqual({ retries: { attempts: 3, retryOn: 'connect-failure,refused-stream' } });
  });

  test('Go durations in milliseconds', () => {
    expect(durationMs('1m30s')).toBe(90_000);
    expect(durationMs('250ms')).toBe(250);
    expect(durationMs('1.5h')).toBe(5_400_000);
    expect(durationMs('10')).toBeUndefined();
    expect(durationMs(10)).toBeUndefined();
  });
});
