import { k8s } from './k8s';

/** Probe builders with timings tuned for servers that may need a while to recover after a crash. */
export interface ProbeTimings {
  /** @default 10 */
  readonly periodSeconds?: number;
  /** @default 5 */
  readonly timeoutSeconds?: number;
  /** @default 3 (liveness and readiness), 60 for startup */
  readonly failureThreshold?: number;
}

export function httpProbe(path: string, port: number | string, t: ProbeTimings = {}): k8s.Probe {
  return { httpGet: { path, port: intOrString(port) }, ...timings(t) };
}

export function tcpProbe(port: number | string, t: ProbeTimings = {}): k8s.Probe {
  return { tcpSocket: { port: intOrString(port) }, ...timings(t) };
}

export function execProbe(command: string[], t: ProbeTimings = {}): k8s.Probe {
  return { exec: { command }, ...timings(t) };
}

/** A startup probe that allows `minutes` of startup before liveness takes over. */
export function startupOf(probe: k8s.Probe, minutes = 10): k8s.Probe {
  const period = 10;
  return { ...probe, periodSeconds: period, failureThreshold: Math.ceil((minutes * 60) / period) };
}

function timings(t: ProbeTimings) {
  return { periodSeconds: t.periodSeconds ?? 10, timeoutSeconds: t.timeoutSeconds ?? 5, failureThreshold: t.failureThreshold ?? 3 };
}

function intOrString(port: number | string): k8s.IntOrString {
  return typeof port === 'number' ? k8s.IntOrString.fromNumber(port) : k8s.IntOrString.fromString(port);
}
