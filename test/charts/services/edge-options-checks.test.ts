import { ProblemCollector, SpecProblem } from '../../../charts/lib/errors';
import { servicesComponent } from '../../../charts/services';
import { EdgeSpec, PlatformSpec } from '../../../charts/spec';
import { SHOP } from './fixtures';

function problems(spec: PlatformSpec): SpecProblem[] {
  const c = new ProblemCollector('spec');
  servicesComponent.check(c, spec);
  return c.problems;
}
const withEdge = (edge: Partial<EdgeSpec>, extra: Partial<PlatformSpec> = {}): PlatformSpec => ({ ...SHOP, ...extra, edge: { ...SHOP.edge!, ...edge } as EdgeSpec });
const paths = (edge: Partial<EdgeSpec>, extra: Partial<PlatformSpec> = {}) => problems(withEdge(edge, extra)).map((p) => p.path);
const JWT = { issuer: 'https://id.example.com', jwksUri: 'https://id.example.com/jwks.json' };
const jwtRoutes = SHOP.edge!.routes.map((r) => (r.prefix === '/api/' ? { ...r, access: 'jwt' as const } : r));

describe('edge option checks', () => {
  test('a full, valid set passes', () => {
    expect(problems(withEdge({
      tlsMode: 'MUTUAL', minTlsVersion: '1.3', rateLimitPerMinute: 10000, securityHeaders: true,
      cors: { allowOrigins: ['https://app.example.com', 'http://localhost:3000'], allowMethods: ['GET'], allowHeaders: ['x-id'], maxAge: '10m' },
      jwt: JWT, routes: jwtRoutes.map((r) => ({ ...r, rateLimitPerMinute: 100 })),
    }))).toEqual([]);
  });

  test('TLS mode and version: known values, and only with a TLS Secret', () => {
    expect(paths({ tlsMode: 'STRICT' as any })).toEqual(['spec.edge.tlsMode']);
    expect(paths({ minTlsVersion: '1.1' as any })).toEqual(['spec.edge.minTlsVersion']);
    const noTls = problems(withEdge({ tlsSecret: undefined, tlsMode: 'MUTUAL', minTlsVersion: '1.3' }));
    expect(noTls.map((p) => p.path)).toEqual(['spec.edge.tlsMode', 'spec.edge.minTlsVersion']);
    expect(noTls[0].fix).toMatch(/tls\.crt, tls\.key and ca\.crt/);
  });

  test('rate limits: positive integers, on the edge and on each route', () => {
    expect(paths({ rateLimitPerMinute: 0 })).toEqual(['spec.edge.rateLimitPerMinute']);
    expect(paths({ rateLimitPerMinute: 1.5 })).toEqual(['spec.edge.rateLimitPerMinute']);
    const routes = SHOP.edge!.routes.map((r, i) => (i === 1 ? { ...r, rateLimitPerMinute: -1 } : r));
    const [p] = problems(withEdge({ routes }));
    expect(p.path).toBe('spec.edge.routes[1].rateLimitPerMinute');
    expect(p.received).toBe(-1);
    expect(p.fix).toMatch(/e\.g\. 1000/);
  });

  test('CORS: origins without paths, known methods, header names, a Go duration', () => {
    expect(paths({ cors: { allowOrigins: [] } })).toEqual(['spec.edge.cors.allowOrigins']);
    expect(paths({ cors: { allowOrigins: ['https://app.example.com/path', 'app.example.com'] } }))
      .toEqual(['spec.edge.cors.allowOrigins[0]', 'spec.edge.cors.allowOrigins[1]']);
    expect(paths({ cors: { allowOrigins: ['https://a.example.com'], allowMethods: ['FETCH'], allowHeaders: ['bad header'], maxAge: '1 day' } }))
      .toEqual(['spec.edge.cors.allowMethods[0]', 'spec.edge.cors.allowHeaders[0]', 'spec.edge.cors.maxAge']);
    expect(paths({ securityHeaders: 'yes' as any })).toEqual(['spec.edge.securityHeaders']);
    expect(paths({ cors: { allowOrigins: ['https://a.example.com'], allowMethods: 'GET' as any } })).toEqual(['spec.edge.cors.allowMethods']);
  });

  test('JWT: issuer and https JWKS URI; jwt routes need edge.jwt and the mesh; edge.jwt needs a jwt route', () => {
    expect(paths({ jwt: { issuer: '', jwksUri: 'http://id.example.com/jwks' }, routes: jwtRoutes })).toEqual(['spec.edge.jwt.issuer', 'spec.edge.jwt.jwksUri']);
    const missing = problems(withEdge({ routes: jwtRoutes }));
    expect(missing.map((p) => p.path)).toEqual(['spec.edge.routes[1].access']);
    expect(missing[0].fix).toMatch(/add edge\.jwt/);
    expect(paths({ jwt: JWT, routes: jwtRoutes }, { mesh: { enabled: false } })).toContain('spec.edge.routes[1].access');
    expect(paths({ jwt: JWT })).toEqual(['spec.edge.jwt']);
    expect(paths({ routes: SHOP.edge!.routes.map((r) => ({ ...r, access: 'private' as any })) }))
      .toEqual(['spec.edge.routes[0].access', 'spec.edge.routes[1].access', 'spec.edge.routes[2].access']);
  });
});
