import { Construct } from 'constructs';
import {
  DestinationRule, DestinationRuleSpecTrafficPolicyTlsMode, VirtualService,
} from '../../imports/istio-networking.istio.io';
import { AuthorizationPolicy, AuthorizationPolicySpecAction, AuthorizationPolicySpecRules } from '../../imports/istio-security.istio.io';
import { ComponentContext } from '../lib/context';
import { metricsPortsPermissive } from '../lib/metrics-mtls';
import { ServiceCallers } from './callers';
import { edgeRequestAuthentication, gatewayRules, hasJwtRoutes } from './edge-auth';
import { principal, serviceAccountOf, serviceHost, serviceSelector } from './names';
import { appPorts, isLayer7 } from './ports';
import { resolveTraffic, routePolicy } from './traffic';

/**
 * The Istio policy of one service: a VirtualService with retries and timeouts for its HTTP and
 * gRPC ports (none for a TCP-only service: Istio cannot retry TCP), a DestinationRule with the
 * connection pool, outlier detection and mutual TLS, an AuthorizationPolicy that admits exactly
 * the callers, and the port-level PERMISSIVE exception that lets Prometheus scrape.
 */
export class ServiceMeshPolicy extends Construct {
  constructor(scope: Construct, id: string, ctx: ComponentContext, props: {
    name: string;
    labels: Record<string, string>;
    annotations: Record<string, string>;
    callers: ServiceCallers;
  }) {
    super(scope, id);
    const { name, callers } = props;
    const svc = ctx.spec.services![name];
    const metadata = { name, labels: props.labels, annotations: props.annotations };
    const host = serviceHost(ctx, name);
    const traffic = resolveTraffic(ctx.spec, svc);
    const ports = appPorts(svc);
    const layer7 = ports.filter(isLayer7);

    if (layer7.length) {
      new VirtualService(this, 'Routes', {
        metadata,
        spec: {
          hosts: [host],
          http: layer7.map((p) => ({
            name: p.name,
            match: [{ port: p.port }],
            route: [{ destination: { host, port: { number: p.port } } }],
            ...routePolicy(p, traffic),
          })),
        },
      });
    }

    new DestinationRule(this, 'Destination', {
      metadata,
      spec: {
        host,
        trafficPolicy: {
          connectionPool: {
            tcp: { maxConnections: traffic.maxConnections, connectTimeout: '5s' },
            ...(layer7.length ? { http: { http1MaxPendingRequests: traffic.maxConnections, http2MaxRequests: traffic.maxConnections } } : {}),
          },
          outlierDetection: {
            consecutive5XxErrors: traffic.consecutive5xxErrors,
            interval: traffic.outlierInterval,
            baseEjectionTime: traffic.baseEjectionTime,
            maxEjectionPercent: traffic.maxEjectionPercent,
          },
          tls: { mode: DestinationRuleSpecTrafficPolicyTlsMode.ISTIO_UNDERSCORE_MUTUAL },
        },
      },
    });

    new AuthorizationPolicy(this, 'Authorization', {
      metadata,
      spec: {
        selector: { matchLabels: serviceSelector(name) },
        action: AuthorizationPolicySpecAction.ALLOW,
        // no rules at all is Istio's allow-nothing: a service nobody declares a caller of is closed
        ...authorizationRules(ctx, callers, ports.map((p) => p.port)),
      },
    });

    if (hasJwtRoutes(callers)) edgeRequestAuthentication(this, 'EdgeTokens', ctx, metadata);

    metricsPortsPermissive(this, 'MetricsMtls', ctx, {
      name,
      labels: props.labels,
      annotations: props.annotations,
      selector: serviceSelector(name),
      ports: callers.metrics ? [callers.metrics.port.port] : [],
    });
  }
}

/**
 * One rule per kind of caller. Prometheus scrapes in plain text from outside the mesh, so its
 * rule matches requests without a peer identity, and only GET on the metrics path of the
 * metrics port. The gateway may not fetch the metrics path, so a catch-all edge route does not
 * publish it.
 */
export function authorizationRules(ctx: ComponentContext, callers: ServiceCallers, ports: number[]): { rules?: AuthorizationPolicySpecRules[] } {
  const rules: AuthorizationPolicySpecRules[] = [];
  if (callers.services.length) {
    rules.push({
      from: [{ source: { principals: callers.services.map((caller) => principal(ctx, ctx.namespace, serviceAccountOf(caller, ctx.spec.services![caller]))) } }],
      to: [{ operation: { ports: ports.map(String) } }],
    });
  }
  if (callers.edgePorts.length) {
    const metrics = callers.metrics;
    const hidden = metrics && callers.edgePorts.some((p) => p.port === metrics.port.port)
      ? [metrics.path, `${metrics.path.replace(/\/+$/, '')}/*`]
      : [];
    rules.push(...gatewayRules(ctx, callers, hidden));
  }
  if (callers.metrics) {
    rules.push({
      from: [{ source: { notPrincipals: ['*'] } }],
      to: [{ operation: { ports: [String(callers.metrics.port.port)], methods: ['GET'], paths: [callers.metrics.path] } }],
    });
  }
  return rules.length ? { rules } : {};
}
