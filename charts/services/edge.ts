import { Construct } from 'constructs';
import {
  Gateway, GatewaySpecServers, GatewaySpecServersTlsMinProtocolVersion, GatewaySpecServersTlsMode, VirtualService, VirtualServiceSpecHttp,
} from '../../imports/istio-networking.istio.io';
import { ComponentContext } from '../lib/context';
import { syncWave, SyncWave } from '../lib/gitops';
import { MANAGED_BY } from '../lib/labels';
import { EdgeRouteSpec, EdgeSpec } from '../spec';
import { edgeRoutePort } from './callers';
import { edgeResponsePolicy } from './edge-http';
import { EDGE_NAME, ingressGateway, serviceHost } from './names';
import { AppPort } from './ports';
import { resolveTraffic, routePolicy } from './traffic';

/**
 * The way in from outside: a Gateway on the shared Istio ingress gateway and one VirtualService
 * bound to it with the edge routes. With a TLS Secret the gateway serves HTTPS and answers plain
 * HTTP with a redirect; without one it serves plain HTTP. Gateway hosts are scoped to this
 * namespace ("./host"), so no VirtualService elsewhere can claim the platform's hostnames.
 */
export class Edge extends Construct {
  constructor(scope: Construct, id: string, ctx: ComponentContext) {
    super(scope, id);
    const edge = ctx.spec.edge!;
    const labels = { 'app.kubernetes.io/name': EDGE_NAME, 'app.kubernetes.io/component': 'edge', 'app.kubernetes.io/managed-by': MANAGED_BY };
    const metadata = { name: EDGE_NAME, labels, annotations: syncWave(SyncWave.EDGE) };
    const hosts = edge.hosts.map((h) => `./${h}`);

    new Gateway(this, 'Resource', {
      metadata,
      spec: { selector: ingressGateway(edge).selector, servers: gatewayServers(edge, hosts) },
    });

    new VirtualService(this, 'Routes', {
      metadata,
      spec: {
        hosts: [...edge.hosts],
        gateways: [EDGE_NAME],
        http: edgeRoutes(ctx),
      },
    });
  }
}

/**
 * HTTPS with the TLS Secret (MUTUAL also asks for a client certificate) and a redirect from
 * plain HTTP; without a Secret, plain HTTP only.
 */
export function gatewayServers(edge: EdgeSpec, hosts: string[]): GatewaySpecServers[] {
  if (!edge.tlsSecret) return [{ port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts }];
  const mode = edge.tlsMode === 'MUTUAL' ? GatewaySpecServersTlsMode.MUTUAL : GatewaySpecServersTlsMode.SIMPLE;
  const minProtocolVersion = edge.minTlsVersion === '1.3'
    ? GatewaySpecServersTlsMinProtocolVersion.TLSV1_UNDERSCORE_3
    : GatewaySpecServersTlsMinProtocolVersion.TLSV1_UNDERSCORE_2;
  return [
    { port: { number: 443, name: 'https', protocol: 'HTTPS' }, hosts, tls: { mode, credentialName: edge.tlsSecret, minProtocolVersion } },
    { port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts, tls: { httpsRedirect: true } },
  ];
}

/** Istio takes the first matching route, so longer prefixes go first ("/" last); ties keep spec order. */
export function orderedRoutes(routes: readonly EdgeRouteSpec[]): EdgeRouteSpec[] {
  return routes.map((r, i) => ({ r, i })).sort((a, b) => b.r.prefix.length - a.r.prefix.length || a.i - b.i).map((x) => x.r);
}

/** The routes in match order, each with its unique name (the Envoy route name rate limits attach to). */
export function namedEdgeRoutes(routes: readonly EdgeRouteSpec[]): Array<{ route: EdgeRouteSpec; name: string }> {
  const used = new Set<string>();
  return orderedRoutes(routes).map((route) => {
    let name = routeName(route.prefix);
    for (let n = 2; used.has(name); n++) name = `${routeName(route.prefix)}-${n}`;
    used.add(name);
    return { route, name };
  });
}

function edgeRoutes(ctx: ComponentContext): VirtualServiceSpecHttp[] {
  return namedEdgeRoutes(ctx.spec.edge!.routes).map(({ route, name }) => edgeRoute(ctx, route, name));
}

function edgeRoute(ctx: ComponentContext, route: EdgeRouteSpec, name: string): VirtualServiceSpecHttp {
  const port = edgeRoutePort(ctx.spec, route)!;
  return {
    name,
    match: [{ uri: { prefix: route.prefix } }],
    route: [{ destination: { host: serviceHost(ctx, route.service), port: { number: port.port } } }],
    ...routePolicy(edgeRouteProtocol(route, port), resolveTraffic(ctx.spec, ctx.spec.services![route.service], route.idempotent)),
    ...edgeResponsePolicy(ctx.spec.edge!),
  };
}

/** A route marked `websocket` is timed like a ws port even when it lands on an http port (one server for both). */
function edgeRouteProtocol(route: EdgeRouteSpec, port: AppPort): AppPort {
  const websocket = route.websocket ?? port.protocol === 'ws';
  if (websocket) return { ...port, protocol: 'ws' };
  return port.protocol === 'ws' ? { ...port, protocol: 'http' } : port;
}

/** "/api/v1/" -> "api-v1", "/" -> "root". */
export function routeName(prefix: string): string {
  return prefix.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'root';
}
