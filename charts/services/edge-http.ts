import { VirtualServiceSpecHttpCorsPolicy, VirtualServiceSpecHttpHeaders } from '../../imports/istio-networking.istio.io';
import { EdgeSpec } from '../spec';

export const DEFAULT_CORS_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];
export const DEFAULT_CORS_HEADERS = ['authorization', 'content-type'];
export const DEFAULT_CORS_MAX_AGE = '1h';

/** One year, with subdomains: the value the HSTS preload list asks for. */
export const HSTS = 'max-age=31536000; includeSubDomains';

/**
 * What every edge route adds to the answer: the CORS policy (the gateway answers preflights
 * itself, so services need no CORS code) and the security headers. Headers are `set`, not
 * added, so a service that sends its own value cannot produce a duplicate.
 */
export function edgeResponsePolicy(edge: EdgeSpec): { corsPolicy?: VirtualServiceSpecHttpCorsPolicy; headers?: VirtualServiceSpecHttpHeaders } {
  return {
    ...(edge.cors ? { corsPolicy: corsPolicy(edge) } : {}),
    ...(edge.securityHeaders ? { headers: { response: { set: securityHeaders(edge) } } } : {}),
  };
}

function corsPolicy(edge: EdgeSpec): VirtualServiceSpecHttpCorsPolicy {
  const cors = edge.cors!;
  return {
    allowOrigins: cors.allowOrigins.map((exact) => ({ exact })),
    allowMethods: cors.allowMethods ?? DEFAULT_CORS_METHODS,
    allowHeaders: cors.allowHeaders ?? DEFAULT_CORS_HEADERS,
    ...(cors.exposeHeaders?.length ? { exposeHeaders: cors.exposeHeaders } : {}),
    allowCredentials: cors.allowCredentials ?? false,
    maxAge: cors.maxAge ?? DEFAULT_CORS_MAX_AGE,
  };
}

/** HSTS only over TLS: browsers ignore it on plain HTTP, and it would pin a dev host to HTTPS it lacks. */
export function securityHeaders(edge: EdgeSpec): Record<string, string> {
  return {
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'strict-origin-when-cross-origin',
    ...(edge.tlsSecret ? { 'strict-transport-security': HSTS } : {}),
  };
}
