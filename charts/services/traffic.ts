import { VirtualServiceSpecHttpRetries } from '../../imports/istio-networking.istio.io';
import { AppServiceSpec, PlatformSpec, TrafficPolicySpec } from '../spec';
import { AppPort } from './ports';

/** Traffic policy of one service: its own `traffic`, else the mesh defaults, else these. */
export const TRAFFIC_DEFAULTS: Required<TrafficPolicySpec> = {
  retries: 3,
  perTryTimeout: '3s',
  retryOn: '5xx,reset,connect-failure,retriable-4xx',
  timeout: '10s',
  maxConnections: 1000,
  consecutive5xxErrors: 5,
  baseEjectionTime: '30s',
  grpcRetryOn: 'connect-failure,refused-stream,unavailable,cancelled,resource-exhausted',
  outlierInterval: '10s',
  maxEjectionPercent: 50,
};

/**
 * A WebSocket upgrade may only be retried before it reaches the application, and a route
 * timeout would cut every long-lived socket when it expires, so ws routes get neither the
 * request timeout nor the per-try timeout.
 */
export const WS_RETRY_ON = 'connect-failure,refused-stream';

export function resolveTraffic(spec: PlatformSpec, svc: AppServiceSpec): Required<TrafficPolicySpec> {
  const mesh = spec.mesh?.traffic ?? {};
  const own = svc.traffic ?? {};
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(TRAFFIC_DEFAULTS) as (keyof TrafficPolicySpec)[]) {
    out[key] = own[key] ?? mesh[key] ?? TRAFFIC_DEFAULTS[key];
  }
  return out as Required<TrafficPolicySpec>;
}

/** Retries and timeout of an HTTP route to `port` (used by the mesh and the edge VirtualServices). */
export function routePolicy(port: AppPort, t: Required<TrafficPolicySpec>): { retries: VirtualServiceSpecHttpRetries; timeout?: string } {
  if (t.retries === 0) return { retries: { attempts: 0 }, ...(port.protocol === 'ws' ? {} : { timeout: t.timeout }) };
  if (port.protocol === 'ws') return { retries: { attempts: t.retries, retryOn: WS_RETRY_ON } };
  return {
    retries: { attempts: t.retries, perTryTimeout: t.perTryTimeout, retryOn: port.protocol === 'grpc' ? t.grpcRetryOn : t.retryOn },
    timeout: t.timeout,
  };
}

const UNIT_MS: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Milliseconds of a Go duration ("1m30s"), or undefined when it is not one. */
export function durationMs(value: unknown): number | undefined {
  if (typeof value !== 'string' || !/^([0-9]+(\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$/.test(value)) return undefined;
  let total = 0;
  for (const m of value.matchAll(/([0-9]+(?:\.[0-9]+)?)(ns|us|µs|ms|s|m|h)/g)) total += Number(m[1]) * UNIT_MS[m[2]];
  return total;
}
