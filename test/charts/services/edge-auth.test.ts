import { prefixMatch } from '../../../charts/services/edge-auth';
import { EdgeRouteSpec, PlatformSpec } from '../../../charts/spec';
import { find, K8sObject } from '../../helpers';
import { serviceObjects, SHOP } from './fixtures';

const GATEWAY = 'cluster.local/ns/istio-system/sa/istio-ingressgateway-service-account';
const JWT = { issuer: 'https://id.shop.example.com', jwksUri: 'https://id.shop.example.com/jwks.json' };
const withRoutes = (routes: EdgeRouteSpec[], jwt: object = JWT): PlatformSpec => ({ ...SHOP, edge: { ...SHOP.edge!, routes, jwt: jwt as any } });
const gatewayRules = (spec: PlatformSpec, name: string): K8sObject[] =>
  find(serviceObjects(spec, name), 'AuthorizationPolicy', name).spec.rules.filter((r: K8sObject) => r.from[0].source.principals?.includes(GATEWAY));

describe('JWT on edge routes', () => {
  const spec = withRoutes([
    { prefix: '/', service: 'web' },
    { prefix: '/api/', service: 'api', port: 'api', access: 'jwt' },
    { prefix: '/api/public/', service: 'api', port: 'api' },
    { prefix: '/ws', service: 'chat' },
  ]);

  test('a RequestAuthentication with issuer and JWKS URI on each service a jwt route lands on, only there', () => {
    const ra = find(serviceObjects(spec, 'api'), 'RequestAuthentication', 'api');
    expect(ra.apiVersion).toBe('security.istio.io/v1');
    expect(ra.spec).toEqual({
      selector: { matchLabels: { 'app.kubernetes.io/name': 'api', 'app.kubernetes.io/instance': 'api', 'app.kubernetes.io/component': 'service' } },
      jwtRules: [{ issuer: JWT.issuer, jwksUri: JWT.jwksUri, forwardOriginalToken: true }],
    });
    for (const other of ['web', 'chat']) expect(serviceObjects(spec, other).some((o) => o.kind === 'RequestAuthentication')).toBe(false);
  });

  test('audiences and token forwarding from the spec', () => {
    const ra = find(serviceObjects(withRoutes(spec.edge!.routes, { ...JWT, audiences: ['shop'], forwardToken: false }), 'api'), 'RequestAuthentication', 'api');
    expect(ra.spec.jwtRules[0]).toEqual({ issuer: JWT.issuer, jwksUri: JWT.jwksUri, audiences: ['shop'], forwardOriginalToken: false });
  });

  test('gateway traffic on a jwt route needs a request principal; a public route inside it stays open', () => {
    expect(gatewayRules(spec, 'api')).toEqual([
      {
        from: [{ source: { principals: [GATEWAY], requestPrincipals: ['*'] } }],
        to: [{ operation: { ports: ['8080'], paths: ['/api/*'], notPaths: ['/metrics', '/metrics/*'] } }],
      },
      {
        from: [{ source: { principals: [GATEWAY] } }],
        to: [{ operation: { ports: ['8080'], paths: ['/api/public/*'], notPaths: ['/metrics', '/metrics/*'] } }],
      },
    ]);
  });

  test('a public route leaves out the longer jwt prefixes it contains (same service)', () => {
    const both = withRoutes([
      { prefix: '/', service: 'web' },
      { prefix: '/api/', service: 'api', port: 'api' },
      { prefix: '/api/me/', service: 'api', port: 'api', access: 'jwt' },
    ]);
    const [open, closed] = gatewayRules(both, 'api');
    expect(open.from[0].source.requestPrincipals).toBeUndefined();
    expect(open.to[0].operation).toEqual({ ports: ['8080'], paths: ['/api/*'], notPaths: ['/api/me/*', '/metrics', '/metrics/*'] });
    expect(closed.from[0].source.requestPrincipals).toEqual(['*']);
  });

  test('services without jwt routes keep the one port-wide gateway rule', () => {
    expect(gatewayRules(spec, 'web')).toEqual([{
      from: [{ source: { principals: [GATEWAY] } }],
      to: [{ operation: { ports: ['3000'], notPaths: ['/metrics', '/metrics/*'] } }],
    }]);
  });

  test('prefixMatch uses Istio\'s trailing-* prefix form', () => {
    expect(prefixMatch('/api/')).toBe('/api/*');
    expect(prefixMatch('/ws')).toBe('/ws*');
  });
});
