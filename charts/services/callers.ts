import { callersOf, ComponentContext } from '../lib/context';
import { EdgeRouteSpec, PlatformSpec } from '../spec';
import { AppPort, appPorts, metricsPathOf, metricsPortOf } from './ports';

/**
 * Everyone allowed to reach one service: exactly the services that name it in `talksTo`, the
 * ingress gateway on the ports edge routes send to, and Prometheus on the metrics port. The
 * NetworkPolicy and the AuthorizationPolicy are both built from this one answer.
 */
export interface ServiceCallers {
  /** Names of the calling services, sorted. */
  readonly services: string[];
  /** Ports the edge routes to, in port order; empty when no edge route targets the service. */
  readonly edgePorts: AppPort[];
  /** The scraped endpoint, when the service has one. */
  readonly metrics?: { readonly port: AppPort; readonly path: string };
  /** The edge routes that land on the service, in spec order, with their access resolved. */
  readonly edgeRoutes: EdgeRouteAccess[];
}

/** One edge route as the target service's AuthorizationPolicy sees it. */
export interface EdgeRouteAccess {
  readonly prefix: string;
  readonly port: AppPort;
  readonly access: 'public' | 'jwt';
}

/** The port an edge route sends to: the named one, else the service's first port. */
export function edgeRoutePort(spec: PlatformSpec, route: EdgeRouteSpec): AppPort | undefined {
  const svc = spec.services?.[route.service];
  if (!svc) return undefined;
  const ports = appPorts(svc);
  return route.port === undefined ? ports[0] : ports.find((p) => p.name === route.port);
}

export function serviceCallers(ctx: ComponentContext, name: string): ServiceCallers {
  const svc = ctx.spec.services![name];
  const edgeRoutes = (ctx.spec.edge?.routes ?? [])
    .filter((r) => r.service === name)
    .map((r) => ({ prefix: r.prefix, port: edgeRoutePort(ctx.spec, r)!, access: r.access ?? 'public' as const }));
  const routed = new Set(edgeRoutes.map((r) => r.port.name));
  const port = metricsPortOf(svc);
  return {
    services: callersOf(ctx, name).filter((caller) => caller !== name),
    edgePorts: appPorts(svc).filter((p) => routed.has(p.name)),
    ...(port ? { metrics: { port, path: metricsPathOf(svc) } } : {}),
    edgeRoutes,
  };
}
