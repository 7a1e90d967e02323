import { durationMs, resolveTraffic, RETRY_ON_IDEMPOTENT, RETRY_ON_UNREACHED, routePolicy, TRAFFIC_DEFAULTS } from '../../../charts/services/traffic';

describe('traffic policy', () => {
  test('service over mesh over defaults, field by field', () => {
    const t = resolveTraffic({ namespace: 'x', mesh: { traffic: { retries: 5, timeout: '20s' } } }, { image: 'x:1', ports: {}, traffic: { timeout: '4s' } });
    expect(t).toEqual({ ...TRAFFIC_DEFAULTS, retries: 5, timeout: '4s' });
  });

  test('route policy per protocol', () => {
    const t = TRAFFIC_DEFAULTS;
    expect(routePolicy({ name: 'a', port: 1, protocol: 'http' }, t)).toEqual({ retries: { attempts: 3, retryOn: RETRY_ON_UNREACHED }, timeout: '10s' });
    expect(routePolicy({ name: 'a', port: 1, protocol: 'grpc' }, t).retries.retryOn).toBe(t.grpcRetryOn);
    expect(routePolicy({ name: 'a', port: 1, protocol: 'ws' }, t)).toEqual({ retries: { attempts: 3, retryOn: 'connect-failure,refused-stream' } });
  });

  test('5xx and resets are retried only for idempotent routes; a retryOn given explicitly wins', () => {
    const svc = { image: 'x:1', ports: {} };
    expect(resolveTraffic({ namespace: 'x' }, svc).retryOn).toBe('connect-failure,refused-stream,unavailable,cancelled,503');
    expect(resolveTraffic({ namespace: 'x' }, { ...svc, traffic: { idempotent: true } }).retryOn).toBe(RETRY_ON_IDEMPOTENT);
    expect(resolveTraffic({ namespace: 'x', mesh: { traffic: { idempotent: true } } }, svc, false).retryOn).toBe(RETRY_ON_UNREACHED);
    expect(resolveTraffic({ namespace: 'x', mesh: { traffic: { retryOn: '503' } } }, { ...svc, traffic: { idempotent: true } }).retryOn).toBe('503');
  });

  test('perTryTimeout only where a timed-out try is retried (5xx, gateway-error, reset)', () => {
    const http = { name: 'a', port: 1, protocol: 'http' as const };
    expect(routePolicy(http, { ...TRAFFIC_DEFAULTS, retryOn: RETRY_ON_IDEMPOTENT }).retries.perTryTimeout).toBe('3s');
    expect(routePolicy(http, { ...TRAFFIC_DEFAULTS, retryOn: 'gateway-error' }).retries.perTryTimeout).toBe('3s');
    expect(routePolicy(http, { ...TRAFFIC_DEFAULTS, retryOn: 'connect-failure,503' }).retries.perTryTimeout).toBeUndefined();
  });

  test('Go durations in milliseconds', () => {
    expect(durationMs('1m30s')).toBe(90_000);
    expect(durationMs('250ms')).toBe(250);
    expect(durationMs('1500\u00b5s')).toBe(1.5);
    expect(durationMs('1.5h')).toBe(5_400_000);
    expect(durationMs('10')).toBeUndefined();
    expect(durationMs(10)).toBeUndefined();
  });
});
