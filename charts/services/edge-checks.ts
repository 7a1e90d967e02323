import { checkDnsLabel, checkDnsSubdomain } from '../lib/checks';
import { ProblemCollector } from '../lib/errors';
import { PlatformSpec } from '../spec';
import { edgeRoutePort } from './callers';
import { checkEdgeOptions } from './edge-options-checks';
import { appPorts } from './ports';

const HOSTNAME = /^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)+$/;
const LABEL_KEY = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const LABEL_VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/;

/** The edge: hostnames, TLS Secret, gateway identity, and routes that land on an existing HTTP port. */
export function checkEdge(c: ProblemCollector, spec: PlatformSpec): void {
  const edge = spec.edge;
  if (!edge) return;
  const hosts = Array.isArray(edge.hosts) ? edge.hosts : [];
  if (hosts.length === 0) c.add('edge.hosts', edge.hosts, 'at least one hostname, e.g. ["api.example.com"]', 'list the hostnames clients use');
  hosts.forEach((h, i) => {
    if (typeof h !== 'string' || h.length > 253 || !HOSTNAME.test(h)) {
      c.add(`edge.hosts[${i}]`, h, 'a lowercase fully qualified hostname, optionally starting with "*."', 'write it as in the certificate, e.g. "api.example.com"');
    }
  });
  if (new Set(hosts).size !== hosts.length) c.add('edge.hosts', hosts, 'each hostname listed once', 'remove the duplicates');
  if (edge.tlsSecret !== undefined) checkDnsSubdomain(c, 'edge.tlsSecret', edge.tlsSecret);
  if (edge.gatewayNamespace !== undefined) checkDnsLabel(c, 'edge.gatewayNamespace', edge.gatewayNamespace);
  if (edge.gatewayServiceAccount !== undefined) checkDnsSubdomain(c, 'edge.gatewayServiceAccount', edge.gatewayServiceAccount);
  if (edge.gatewaySelector !== undefined) checkSelector(c, 'edge.gatewaySelector', edge.gatewaySelector);
  checkRoutes(c, spec);
  checkEdgeOptions(c, spec);
}

function checkSelector(c: ProblemCollector, path: string, selector: Record<string, string>): void {
  const entries = Object.entries(selector ?? {});
  if (entries.length === 0) c.add(path, selector, 'at least one label, e.g. {istio: "ingressgateway"}', 'copy the labels of the ingress gateway pods');
  for (const [k, v] of entries) {
    if (!LABEL_KEY.test(k) || typeof v !== 'string' || v.length > 63 || !LABEL_VALUE.test(v)) {
      c.add(`${path}.${k}`, v, 'a valid Kubernetes label key and value', 'copy the label exactly as on the gateway pods');
    }
  }
}

function checkRoutes(c: ProblemCollector, spec: PlatformSpec): void {
  const routes = Array.isArray(spec.edge?.routes) ? spec.edge!.routes : [];
  if (routes.length === 0) c.add('edge.routes', spec.edge?.routes, 'at least one route, e.g. [{ prefix: "/", service: "web" }]', 'route the edge to a service or remove edge');
  const services = Object.keys(spec.services ?? {});
  const prefixes = new Set<string>();
  routes.forEach((r, i) => {
    const path = `edge.routes[${i}]`;
    if (typeof r.prefix !== 'string' || !r.prefix.startsWith('/') || /\s/.test(r.prefix)) {
      c.add(`${path}.prefix`, r.prefix, 'a path prefix starting with "/"', 'write it like "/api/v1/"');
    } else if (prefixes.has(r.prefix)) {
      c.add(`${path}.prefix`, r.prefix, 'a prefix not routed by an earlier route', 'merge the two routes or change one prefix');
    }
    prefixes.add(r.prefix);
    const svc = spec.services?.[r.service];
    if (!svc) {
      c.add(`${path}.service`, r.service, `one of the services ${services.map((s) => JSON.stringify(s)).join(', ') || '(none declared)'}`, 'fix the name or declare the service under services');
      return;
    }
    const port = edgeRoutePort(spec, r);
    const names = appPorts(svc).map((p) => JSON.stringify(p.name)).join(', ');
    if (!port) {
      c.add(`${path}.port`, r.port, `a port name of service "${r.service}" (${names})`, 'fix the port name or leave it out for the first port');
    } else if (port.protocol === 'tcp') {
      c.add(`${path}.port`, r.port ?? port.name, `an http, grpc or ws port of service "${r.service}" (the gateway routes HTTP only)`, 'route to an HTTP port or expose the TCP port another way');
    } else if (r.websocket !== undefined && typeof r.websocket !== 'boolean') {
      c.add(`${path}.websocket`, r.websocket, 'true or false', 'write a boolean');
    } else if (r.websocket && port.protocol === 'grpc') {
      c.add(`${path}.websocket`, r.websocket, `a route to an http or ws port (port "${port.name}" of "${r.service}" is grpc)`, 'remove websocket or route to the WebSocket port');
    }
    if (r.idempotent !== undefined && typeof r.idempotent !== 'boolean') c.add(`${path}.idempotent`, r.idempotent, 'true or false', 'write a boolean');
  });
}

