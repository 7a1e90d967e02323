import { HSTS } from '../../../charts/services/edge-http';
import { find, synthSpec } from '../../helpers';
import { SHOP } from './fixtures';

const routesOf = (edge: object) => find(synthSpec({ ...SHOP, edge: { ...SHOP.edge!, ...edge } }).get('edge')!, 'VirtualService', 'edge').spec.http;

describe('edge CORS and security headers', () => {
  test('none unless asked for', () => {
    for (const r of routesOf({})) {
      expect(r.corsPolicy).toBeUndefined();
      expect(r.headers).toBeUndefined();
    }
  });

  test('CORS on every route with exact origins and the documented defaults', () => {
    const routes = routesOf({ cors: { allowOrigins: ['https://app.shop.example.com'] } });
    expect(routes).toHaveLength(3);
    for (const r of routes) {
      expect(r.corsPolicy).toEqual({
        allowOrigins: [{ exact: 'https://app.shop.example.com' }],
        allowMethods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
        allowHeaders: ['authorization', 'content-type'],
        allowCredentials: false,
        maxAge: '1h',
      });
    }
  });

  test('CORS fields from the spec', () => {
    const [r] = routesOf({ cors: { allowOrigins: ['https://a.example.com'], allowMethods: ['GET'], allowHeaders: ['x-id'], exposeHeaders: ['x-trace'], allowCredentials: true, maxAge: '10m' } });
    expect(r.corsPolicy).toEqual({
      allowOrigins: [{ exact: 'https://a.example.com' }], allowMethods: ['GET'], allowHeaders: ['x-id'], exposeHeaders: ['x-trace'], allowCredentials: true, maxAge: '10m',
    });
  });

  test('security headers are set (not appended) on every response; HSTS only over TLS', () => {
    for (const r of routesOf({ securityHeaders: true })) {
      expect(r.headers).toEqual({
        response: {
          set: {
            'x-content-type-options': 'nosniff', 'x-frame-options': 'DENY', 'referrer-policy': 'strict-origin-when-cross-origin', 'strict-transport-security': HSTS,
          },
        },
      });
    }
    const [plain] = routesOf({ securityHeaders: true, tlsSecret: undefined });
    expect(plain.headers.response.set['strict-transport-security']).toBeUndefined();
    expect(plain.headers.response.set['x-frame-options']).toBe('DENY');
  });
});
