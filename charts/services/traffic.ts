import { VirtualServiceSpecHttpRetries } from '../../imports/istio-networking.istio.io';
import { AppServiceSpec, PlatformSpec, TrafficPolicySpec } from '../spec';
import { AppPort } from './ports';

/**
 * Retry conditions where the request never reached the application, so a retry cannot run it
 * twice: the connection failed or was refused, the stream was refused (HTTP/2 REFUSED_STREAM),
 * gRPC unavailable/cancelled, or a 503 (Istio turns a status code in retryOn into Envoy's
 * retriable-status-codes; a sidecar answers 503 when no upstream could take the request).
 * `5xx` and `reset` also retry responses and resets that come after the app started work (a
 * slow POST timed out per try, a crash mid-request): only for idempotent routes.
 */
export const RETRY_ON_UNREACHED = 'connect-failure,refused-stream,unavailable,cancelled,503';
/** Idempotent routes also retry server errors, resets and timed-out tries. */
export const RETRY_ON_IDEMPOTENT = '5xx,reset,connect-failure,refused-stream,retriable-4xx';

/** Traffic policy of one service: its own `traffic`, else the mesh defaults, else these. */
export const TRAFFIC_DEFAULTS: Required<TrafficPolicySpec> = {
  retries: 3,
  perTryTimeout: '3s',
  retryOn: RETRY_ON_UNREACHED,
  idempotent: false,
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

/** `idempotent` given for one edge route overrides the service's. */
export function resolveTraffic(spec: PlatformSpec, svc: AppServiceSpec, idempotent?: boolean): Required<TrafficPolicySpec> {
  const mesh = spec.mesh?.traffic ?? {};
  const own = { ...(svc.traffic ?? {}), ...(idempotent === undefined ? {} : { idempotent }) };
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(TRAFFIC_DEFAULTS) as (keyof TrafficPolicySpec)[]) {
    out[key] = own[key] ?? mesh[key] ?? TRAFFIC_DEFAULTS[key];
  }
  if (own.retryOn === undefined && mesh.retryOn === undefined && out.idempotent === true) out.retryOn = RETRY_ON_IDEMPOTENT;
  return out as Required<TrafficPolicySpec>;
}

/** Conditions under which Envoy retries a try that ran into perTryTimeout; without one a per-try timeout only cuts the request short. */
const RETRIES_TIMED_OUT_TRY = /(^|,)(5xx|gateway-error|reset)(,|$)/;

/** Retries and timeout of an HTTP route to `port` (used by the mesh and the edge VirtualServices). */
export function routePolicy(port: AppPort, t: Required<TrafficPolicySpec>): { retries: VirtualServiceSpecHttpRetries; timeout?: string } {
  if (t.retries === 0) return { retries: { attempts: 0 }, ...(port.protocol === 'ws' ? {} : { timeout: t.timeout }) };
  if (port.protocol === 'ws') return { retries: { attempts: t.retries, retryOn: WS_RETRY_ON } };
  const retryOn = port.protocol === 'grpc' ? t.grpcRetryOn : t.retryOn;
  return {
    retries: { attempts: t.retries, ...(RETRIES_TIMED_OUT_TRY.test(retryOn) ? { perTryTimeout: t.perTryTimeout } : {}), retryOn },
    timeout: t.timeout,
  };
}

const UNIT_MS: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

// µ as an escape: the synth bundle stays ASCII (synth/bundle.ts)
/** Milliseconds of a Go duration ("1m30s"), or undefined when it is not one. */
export function durationMs(value: unknown): number | undefined {
  if (typeof value !== 'string' || !/^([0-9]+(\.[0-9]+)?(ns|us|\u00b5s|ms|s|m|h))+$/.test(value)) return undefined;
  let total = 0;
  for (const m of value.matchAll(/([0-9]+(?:\.[0-9]+)?)(ns|us|\u00b5s|ms|s|m|h)/g)) total += Number(m[1]) * UNIT_MS[m[2]];
  return total;
}
