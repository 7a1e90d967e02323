import { checkDuration, checkInt, checkOneOf } from '../lib/checks';
import { ProblemCollector } from '../lib/errors';
import { EdgeSpec, PlatformSpec } from '../spec';

/** Upper bound that keeps a typo (an extra zero or two) from passing as a limit. */
export const MAX_RATE_LIMIT_PER_MINUTE = 100_000_000;
const ORIGIN = /^https?:\/\/(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*(:[0-9]{1,5})?$/;
const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/;
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'CONNECT', 'TRACE'];

/** TLS mode and version, rate limits, CORS, security headers and JWT of the edge. */
export function checkEdgeOptions(c: ProblemCollector, spec: PlatformSpec): void {
  const edge = spec.edge!;
  checkOneOf(c, 'edge.tlsMode', edge.tlsMode, ['SIMPLE', 'MUTUAL']);
  if (edge.tlsMode === 'MUTUAL' && !edge.tlsSecret) {
    c.add('edge.tlsMode', edge.tlsMode, 'MUTUAL only with edge.tlsSecret (the server certificate and the client CA live there)',
      'set edge.tlsSecret to a Secret with tls.crt, tls.key and ca.crt, or drop tlsMode');
  }
  checkOneOf(c, 'edge.minTlsVersion', edge.minTlsVersion, ['1.2', '1.3']);
  if (edge.minTlsVersion !== undefined && !edge.tlsSecret) {
    c.add('edge.minTlsVersion', edge.minTlsVersion, 'a TLS version only with edge.tlsSecret (without it the edge serves plain HTTP)',
      'set edge.tlsSecret or drop minTlsVersion');
  }
  checkInt(c, 'edge.rateLimitPerMinute', edge.rateLimitPerMinute, 1, MAX_RATE_LIMIT_PER_MINUTE, 'set rateLimitPerMinute to the requests a minute one gateway pod admits, e.g. 10000');
  if (edge.securityHeaders !== undefined && typeof edge.securityHeaders !== 'boolean') {
    c.add('edge.securityHeaders', edge.securityHeaders, 'true or false', 'write a boolean');
  }
  checkCors(c, edge);
  checkJwt(c, edge);
  (Array.isArray(edge.routes) ? edge.routes : []).forEach((route, i) => {
    const r = route ?? {};
    const path = `edge.routes[${i}]`;
    checkOneOf(c, `${path}.access`, r.access, ['public', 'jwt']);
    if (r.access === 'jwt' && !edge.jwt) {
      c.add(`${path}.access`, r.access, 'access "jwt" only when edge.jwt names the token issuer', 'add edge.jwt { issuer, jwksUri } or make the route public');
    }
    if (r.access === 'jwt' && spec.mesh?.enabled === false) {
      c.add(`${path}.access`, r.access, 'access "jwt" only with the mesh on (the service\'s sidecar checks the token)', 'turn mesh.enabled back on or make the route public');
    }
    checkInt(c, `${path}.rateLimitPerMinute`, r.rateLimitPerMinute, 1, MAX_RATE_LIMIT_PER_MINUTE, 'set rateLimitPerMinute to the requests a minute one gateway pod admits on this route, e.g. 1000');
  });
}

function checkCors(c: ProblemCollector, edge: EdgeSpec): void {
  const cors = edge.cors;
  if (cors === undefined) return;
  const origins = Array.isArray(cors.allowOrigins) ? cors.allowOrigins : [];
  if (origins.length === 0) c.add('edge.cors.allowOrigins', cors.allowOrigins, 'at least one origin, e.g. ["https://app.example.com"]', 'list the origins of the web apps that call the edge, or drop cors');
  origins.forEach((o, i) => {
    if (typeof o !== 'string' || !ORIGIN.test(o)) {
      c.add(`edge.cors.allowOrigins[${i}]`, o, 'an origin: scheme and host, optionally a port, no path ("https://app.example.com")', 'write it as the browser sends it in the Origin header');
    }
  });
  listOf(c, 'edge.cors.allowMethods', cors.allowMethods).forEach((m, i) => checkOneOf(c, `edge.cors.allowMethods[${i}]`, m, METHODS));
  for (const key of ['allowHeaders', 'exposeHeaders'] as const) {
    listOf(c, `edge.cors.${key}`, cors[key]).forEach((h, i) => {
      if (typeof h !== 'string' || !HEADER_NAME.test(h)) c.add(`edge.cors.${key}[${i}]`, h, 'an HTTP header name', 'write the bare header name, e.g. "x-request-id"');
    });
  }
  if (cors.allowCredentials !== undefined && typeof cors.allowCredentials !== 'boolean') {
    c.add('edge.cors.allowCredentials', cors.allowCredentials, 'true or false', 'write a boolean');
  }
  checkDuration(c, 'edge.cors.maxAge', cors.maxAge);
}

function checkJwt(c: ProblemCollector, edge: EdgeSpec): void {
  const jwt = edge.jwt;
  if (jwt === undefined) return;
  if (typeof jwt.issuer !== 'string' || jwt.issuer.trim() === '' || /\s/.test(jwt.issuer)) {
    c.add('edge.jwt.issuer', jwt.issuer, 'the `iss` claim of the tokens, without spaces', 'copy it from a token the issuer signs, e.g. "https://id.example.com"');
  }
  if (typeof jwt.jwksUri !== 'string' || !/^https:\/\/[^\s/]+(\/\S*)?$/.test(jwt.jwksUri)) {
    c.add('edge.jwt.jwksUri', jwt.jwksUri, 'an https:// URL serving the JSON Web Key Set', 'point it at the issuer\'s keys, e.g. "https://id.example.com/.well-known/jwks.json"');
  }
  listOf(c, 'edge.jwt.audiences', jwt.audiences).forEach((a, i) => {
    if (typeof a !== 'string' || a === '') c.add(`edge.jwt.audiences[${i}]`, a, 'a non-empty `aud` value', 'copy it from a token, or drop audiences to accept any');
  });
  if (jwt.forwardToken !== undefined && typeof jwt.forwardToken !== 'boolean') {
    c.add('edge.jwt.forwardToken', jwt.forwardToken, 'true or false', 'write a boolean');
  }
  if (!(Array.isArray(edge.routes) ? edge.routes : []).some((r) => r?.access === 'jwt')) {
    c.add('edge.jwt', jwt.issuer, 'at least one route with access "jwt" (otherwise no token is ever required)', 'mark the protected routes access: "jwt", or drop edge.jwt');
  }
}

/** The list at `path`, or none (with a problem) when the value is not a list. */
function listOf(c: ProblemCollector, path: string, value: unknown): unknown[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    c.add(path, value, 'a list', 'write the values as an array, e.g. ["GET", "POST"]');
    return [];
  }
  return value;
}
