import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { AuthorizationPolicySpecRules, RequestAuthentication, RequestAuthenticationSpec } from '../../imports/istio-security.istio.io';
import { ComponentContext } from '../lib/context';
import { ServiceCallers } from './callers';
import { ingressGateway, principal, serviceSelector } from './names';

/**
 * JWT at the edge. The tokens are checked by the sidecar of each service a `jwt` route lands
 * on, not by the ingress gateway: a RequestAuthentication selects workloads, not hosts, so one
 * on the shared gateway would judge the tokens of every platform it serves. The service's
 * AuthorizationPolicy then admits gateway traffic on a `jwt` route only with a valid token
 * (a request principal); calls from other services in the mesh are unaffected.
 */
export function hasJwtRoutes(callers: ServiceCallers): boolean {
  return callers.edgeRoutes.some((r) => r.access === 'jwt');
}

/** The issuer the service's sidecar accepts tokens from; only for a service with `jwt` routes. */
export function edgeRequestAuthentication(scope: Construct, id: string, ctx: ComponentContext, props: {
  name: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}): void {
  const jwt = ctx.spec.edge!.jwt!;
  const spec: RequestAuthenticationSpec = {
    selector: { matchLabels: serviceSelector(props.name) },
    jwtRules: [{
      issuer: jwt.issuer,
      jwksUri: jwt.jwksUri,
      ...(jwt.audiences?.length ? { audiences: jwt.audiences } : {}),
      forwardOriginalToken: jwt.forwardToken ?? true,
    }],
  };
  // a plain ApiObject: the generated class renders jwksUri as the CRD's legacy alias `jwks_uri`
  new ApiObject(scope, id, {
    ...RequestAuthentication.GVK,
    metadata: { name: props.name, labels: props.labels, annotations: props.annotations },
    spec,
  });
}

/**
 * What the gateway may ask of the service. Without `jwt` routes: every path of the routed ports
 * (one rule). With them: one rule per route, by path prefix, the `jwt` ones also requiring a
 * request principal. A public route leaves out the longer `jwt` prefixes it contains, since the
 * edge sends those paths through the `jwt` route (longest prefix first). `hidden` are the
 * paths the gateway may never fetch (the metrics path).
 */
export function gatewayRules(ctx: ComponentContext, callers: ServiceCallers, hidden: string[]): AuthorizationPolicySpecRules[] {
  const gw = ingressGateway(ctx.spec.edge!);
  const gateway = principal(ctx, gw.namespace, gw.serviceAccount);
  const notPaths = (extra: string[]) => (extra.length ? { notPaths: extra } : {});
  if (!hasJwtRoutes(callers)) {
    return [{
      from: [{ source: { principals: [gateway] } }],
      to: [{ operation: { ports: callers.edgePorts.map((p) => String(p.port)), ...notPaths(hidden) } }],
    }];
  }
  const jwtPrefixes = callers.edgeRoutes.filter((r) => r.access === 'jwt').map((r) => r.prefix);
  return callers.edgeRoutes.map((r) => {
    const shadowed = r.access === 'public'
      ? jwtPrefixes.filter((p) => p.length > r.prefix.length && p.startsWith(r.prefix)).map(prefixMatch)
      : [];
    return {
      from: [{ source: { principals: [gateway], ...(r.access === 'jwt' ? { requestPrincipals: ['*'] } : {}) } }],
      to: [{ operation: { ports: [String(r.port.port)], paths: [prefixMatch(r.prefix)], ...notPaths([...shadowed, ...hidden]) } }],
    };
  });
}

/** Istio's prefix form: "/api/" -> "/api/*", which matches what the route's prefix matches. */
export function prefixMatch(prefix: string): string {
  return `${prefix}*`;
}
