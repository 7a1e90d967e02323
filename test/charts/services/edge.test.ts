import { orderedRoutes, routeName } from '../../../charts/services/edge';
import { find, synthSpec } from '../../helpers';
import { SHOP } from './fixtures';

const edgeOf = (spec = SHOP) => synthSpec(spec).get('edge')!;

describe('Edge Gateway', () => {
  test('HTTPS with the TLS Secret, HTTP redirects; hosts scoped to the namespace', () => {
    const gw = find(edgeOf(), 'Gateway', 'edge');
    expect(gw.apiVersion).toBe('networking.istio.io/v1');
    expect(gw.metadata.annotations['argocd.argoproj.io/sync-wave']).toBe('15');
    expect(gw.spec).toEqual({
      selector: { istio: 'ingressgateway' },
      servers: [
        { port: { number: 443, name: 'https', protocol: 'HTTPS' }, hosts: ['./shop.example.com'], tls: { mode: 'SIMPLE', credentialName: 'shop-tls', minProtocolVersion: 'TLSV1_2' } },
        { port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['./shop.example.com'], tls: { httpsRedirect: true } },
      ],
    });
  });

  test('plain HTTP only without a TLS Secret; selector from the spec', () => {
    const gw = find(edgeOf({ ...SHOP, edge: { ...SHOP.edge!, tlsSecret: undefined, gatewaySelector: { app: 'edge-gw' } } }), 'Gateway', 'edge');
    expect(gw.spec).toEqual({
      selector: { app: 'edge-gw' },
      servers: [{ port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['./shop.example.com'] }],
    });
  });

  test('MUTUAL asks for client certificates; TLS 1.3 minimum from the spec', () => {
    const gw = find(edgeOf({ ...SHOP, edge: { ...SHOP.edge!, tlsMode: 'MUTUAL', minTlsVersion: '1.3' } }), 'Gateway', 'edge');
    expect(gw.spec.servers[0].tls).toEqual({ mode: 'MUTUAL', credentialName: 'shop-tls', minProtocolVersion: 'TLSV1_3' });
    expect(gw.spec.servers[1].tls).toEqual({ httpsRedirect: true });
  });

  test('no edge file without spec.edge', () => {
    expect(synthSpec({ ...SHOP, edge: undefined }).has('edge')).toBe(false);
  });
});

describe('Edge VirtualService', () => {
  const vs = find(edgeOf(), 'VirtualService', 'edge');

  test('bound to the Gateway for the edge hosts', () => {
    expect(vs.spec.hosts).toEqual(['shop.example.com']);
    expect(vs.spec.gateways).toEqual(['edge']);
  });

  test('routes longest prefix first, to the service port, with the service\'s retries and timeout', () => {
    expect(vs.spec.http).toEqual([
      {
        name: 'api',
        match: [{ uri: { prefix: '/api/' } }],
        route: [{ destination: { host: 'api.shop.svc.cluster.local', port: { number: 8080 } } }],
        retries: { attempts: 2, retryOn: 'connect-failure,refused-stream,unavailable,cancelled,503' },
        timeout: '5s',
      },
      {
        name: 'ws',
        match: [{ uri: { prefix: '/ws' } }],
        route: [{ destination: { host: 'chat.shop.svc.cluster.local', port: { number: 8089 } } }],
        retries: { attempts: 3, retryOn: 'connect-failure,refused-stream' },
      },
      {
        name: 'root',
        match: [{ uri: { prefix: '/' } }],
        route: [{ destination: { host: 'web.shop.svc.cluster.local', port: { number: 3000 } } }],
        retries: { attempts: 3, retryOn: 'connect-failure,refused-stream,unavailable,cancelled,503' },
        timeout: '10s',
      },
    ]);
  });

  test('a route marked idempotent retries 5xx on that prefix only', () => {
    const routes = [{ prefix: '/api/catalog/', service: 'api', idempotent: true }, { prefix: '/api/', service: 'api' }];
    const http = find(edgeOf({ ...SHOP, edge: { ...SHOP.edge!, routes } }), 'VirtualService', 'edge').spec.http;
    expect(http.map((h: any) => [h.match[0].uri.prefix, h.retries.retryOn, h.retries.perTryTimeout])).toEqual([
      ['/api/catalog/', '5xx,reset,connect-failure,refused-stream,retriable-4xx', '2s'],
      ['/api/', 'connect-failure,refused-stream,unavailable,cancelled,503', undefined],
    ]);
  });

  test('a websocket route to an http port gets no timeout', () => {
    const spec = { ...SHOP, edge: { ...SHOP.edge!, routes: [{ prefix: '/socket', service: 'api', port: 'api', websocket: true }] } };
    const route = find(edgeOf(spec), 'VirtualService', 'edge').spec.http[0];
    expect(route.timeout).toBeUndefined();
    expect(route.retries).toEqual({ attempts: 2, retryOn: 'connect-failure,refused-stream' });
  });

  test('route order and names', () => {
    const routes = [{ prefix: '/', service: 'a' }, { prefix: '/b/', service: 'b' }, { prefix: '/c/', service: 'c' }];
    expect(orderedRoutes(routes).map((r) => r.prefix)).toEqual(['/b/', '/c/', '/']);
    expect(routeName('/api/v1/')).toBe('api-v1');
    expect(routeName('/')).toBe('root');
  });
});
