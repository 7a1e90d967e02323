import { checkInt } from '../lib/checks';
import { ProblemCollector } from '../lib/errors';
import { TrafficPolicySpec } from '../spec';
import { durationMs } from './traffic';

/** Envoy retry conditions Istio passes through; HTTP status codes ("503") are accepted as well. */
export const RETRY_CONDITIONS = [
  '5xx', 'gateway-error', 'reset', 'reset-before-request', 'connect-failure', 'envoy-ratelimited', 'retriable-4xx',
  'refused-stream', 'retriable-status-codes', 'retriable-headers', 'http3-post-connect-failure',
  'cancelled', 'deadline-exceeded', 'internal', 'resource-exhausted', 'unavailable',
] as const;

/** Problems of one traffic policy (per service or the mesh defaults). */
export function checkTraffic(c: ProblemCollector, path: string, t: TrafficPolicySpec | undefined): void {
  if (t === undefined) return;
  checkInt(c, `${path}.retries`, t.retries, 0, 10, 'set retries between 0 (no retries) and 10; more only multiplies load on a failing service');
  checkInt(c, `${path}.maxConnections`, t.maxConnections, 1);
  checkInt(c, `${path}.consecutive5xxErrors`, t.consecutive5xxErrors, 1);
  checkInt(c, `${path}.maxEjectionPercent`, t.maxEjectionPercent, 1, 100);
  for (const key of ['perTryTimeout', 'timeout', 'baseEjectionTime', 'outlierInterval'] as const) {
    checkPositiveDuration(c, `${path}.${key}`, t[key]);
  }
  for (const key of ['retryOn', 'grpcRetryOn'] as const) checkRetryOn(c, `${path}.${key}`, t[key]);
}

/** A Go duration of at least 1ms (Istio rejects zero and negative durations). */
export function checkPositiveDuration(c: ProblemCollector, path: string, value: unknown): void {
  if (value === undefined) return;
  const ms = durationMs(value);
  if (ms === undefined || ms < 1) {
    c.add(path, value, 'a Go duration of at least 1ms such as "500ms", "3s" or "1m"', 'write it with a unit, e.g. "10s"; leave it out for the default');
  }
}

function checkRetryOn(c: ProblemCollector, path: string, value: unknown): void {
  if (value === undefined) return;
  const parts = typeof value === 'string' ? value.split(',') : [];
  const bad = parts.filter((p) => !(RETRY_CONDITIONS as readonly string[]).includes(p) && !/^[1-5][0-9][0-9]$/.test(p));
  if (typeof value !== 'string' || value === '' || bad.length) {
    c.add(path, value, `a comma-separated list of retry conditions (${RETRY_CONDITIONS.join(', ')}) or HTTP status codes`,
      bad.length ? `remove or correct ${bad.map((b) => JSON.stringify(b)).join(', ')}` : 'list at least one condition, e.g. "5xx,connect-failure"');
  }
}
