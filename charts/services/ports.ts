import { AppServiceSpec, ServicePortSpec } from '../spec';

/**
 * Ports of an application service and how Istio must see them. Istio picks the protocol from
 * the Service port name prefix or `appProtocol`; a port it cannot classify is treated as opaque
 * TCP, which silently disables retries, timeouts and request metrics for it. WebSocket is an
 * HTTP/1.1 upgrade, so a ws port is an http port to Istio.
 */
export type PortProtocol = NonNullable<ServicePortSpec['protocol']>;

export const PORT_PROTOCOLS: readonly PortProtocol[] = ['http', 'grpc', 'ws', 'tcp'];

export interface AppPort {
  /** Name from the spec; also the container port name. */
  readonly name: string;
  readonly port: number;
  readonly protocol: PortProtocol;
}

/** The ports of a service in spec order, protocol resolved. */
export function appPorts(spec: AppServiceSpec): AppPort[] {
  return Object.entries(spec.ports ?? {}).map(([name, p]) => ({ name, port: p.port, protocol: p.protocol ?? 'http' }));
}

/** Served over HTTP/1.1 (plain requests or WebSocket upgrades): health and metrics endpoints live here. */
export function isHttpLike(p: AppPort): boolean {
  return p.protocol === 'http' || p.protocol === 'ws';
}

/** Istio routes it at layer 7 (retries, timeouts, request metrics). */
export function isLayer7(p: AppPort): boolean {
  return p.protocol !== 'tcp';
}

/** Service port name: the Istio protocol prefix plus the spec name. */
export function servicePortName(p: AppPort): string {
  return `${istioProtocol(p)}-${p.name}`;
}

/** `appProtocol` of the Service port; Istio prefers it over the name. */
export function istioProtocol(p: AppPort): 'http' | 'grpc' | 'tcp' {
  return p.protocol === 'ws' ? 'http' : p.protocol;
}

/** First http or ws port: probes use it. */
export function firstHttpPort(spec: AppServiceSpec): AppPort | undefined {
  return appPorts(spec).find(isHttpLike);
}

/** Port Prometheus scrapes, or none for services without an HTTP endpoint. */
export function metricsPortOf(spec: AppServiceSpec): AppPort | undefined {
  const ports = appPorts(spec);
  if (spec.metricsPort !== undefined) return ports.find((p) => p.name === spec.metricsPort);
  return ports.find(isHttpLike);
}

export function metricsPathOf(spec: AppServiceSpec): string {
  return spec.metricsPath ?? '/metrics';
}

const ISTIO_PROTOCOLS = ['http', 'http2', 'https', 'grpc', 'grpc-web', 'tcp', 'tls', 'mongo', 'mysql', 'redis', 'udp'];
const PREFIXED_NAME = new RegExp(`^(${ISTIO_PROTOCOLS.join('|')})(-[a-z0-9-]*)?$`);

export interface ServicePortLike {
  readonly name?: string;
  readonly port?: number;
  readonly appProtocol?: string;
}

/**
 * Why Istio would not classify these Service ports: a port must be named, and the name must
 * carry a protocol prefix unless appProtocol names the protocol. Empty when every port is fine.
 */
export function portNamingProblems(ports: readonly ServicePortLike[]): string[] {
  const problems: string[] = [];
  for (const p of ports) {
    if (!p.name) {
      problems.push(`port ${p.port ?? '?'} has no name`);
    } else if (!PREFIXED_NAME.test(p.name) && !ISTIO_PROTOCOLS.includes(p.appProtocol ?? '')) {
      problems.push(`port ${p.port ?? '?'} "${p.name}" has neither an Istio protocol prefix (${ISTIO_PROTOCOLS.join(', ')}) nor an appProtocol`);
    }
  }
  return problems;
}
