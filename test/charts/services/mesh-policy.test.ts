import { find, K8sObject } from '../../helpers';
import { serviceObjects, SHOP, shopWith } from './fixtures';

const principal = (sa: string) => `cluster.local/ns/shop/sa/${sa}`;
const GATEWAY = 'cluster.local/ns/istio-system/sa/istio-ingressgateway-service-account';
const host = (svc: string) => `${svc}.shop.svc.cluster.local`;

/** Every principal an AuthorizationPolicy admits, from all of its rules. */
function admitted(policy: K8sObject): string[] {
  return (policy.spec.rules ?? []).flatMap((r: K8sObject) => r.from.flatMap((f: K8sObject) => f.source.principals ?? [])).sort();
}

describe('VirtualService', () => {
  test('per HTTP and gRPC port: retries and timeout, service traffic over mesh defaults', () => {
    const vs = find(serviceObjects(SHOP, 'api'), 'VirtualService', 'api');
    expect(vs.apiVersion).toBe('networking.istio.io/v1');
    expect(vs.spec.hosts).toEqual([host('api')]);
    expect(vs.spec.http).toEqual([
      {
        name: 'api',
        match: [{ port: 8080 }],
        route: [{ destination: { host: host('api'), port: { number: 8080 } } }],
        // retries 2 and timeout 5s from the service; the mesh's perTryTimeout 2s is left out: nothing retries a timed-out try
        retries: { attempts: 2, retryOn: 'connect-failure,refused-stream,unavailable,cancelled,503' },
        timeout: '5s',
      },
      {
        name: 'rpc',
        match: [{ port: 9090 }],
        route: [{ destination: { host: host('api'), port: { number: 9090 } } }],
        retries: { attempts: 2, retryOn: 'connect-failure,refused-stream,unavailable,cancelled,resource-exhausted' },
        timeout: '5s',
      },
    ]);
  });

  test('defaults without any traffic settings: 3 retries only where the request never reached the app, 10s timeout', () => {
    const vs = find(serviceObjects({ ...SHOP, mesh: undefined }, 'web'), 'VirtualService', 'web');
    expect(vs.spec.http[0].retries).toEqual({ attempts: 3, retryOn: 'connect-failure,refused-stream,unavailable,cancelled,503' });
    expect(vs.spec.http[0].timeout).toBe('10s');
  });

  test('an idempotent service also retries 5xx, resets and timed-out tries (3s per try)', () => {
    const vs = find(serviceObjects(shopWith({ web: { ...SHOP.services!.web, traffic: { idempotent: true } } }), 'web'), 'VirtualService', 'web');
    expect(vs.spec.http[0].retries).toEqual({ attempts: 3, perTryTimeout: '2s', retryOn: '5xx,reset,connect-failure,refused-stream,retriable-4xx' });
  });

  test('WebSocket ports: no timeout that would cut open sockets, retries only before the upgrade', () => {
    const vs = find(serviceObjects(SHOP, 'chat'), 'VirtualService', 'chat');
    expect(vs.spec.http[0].timeout).toBeUndefined();
    expect(vs.spec.http[0].retries).toEqual({ attempts: 3, retryOn: 'connect-failure,refused-stream' });
  });

  test('retries 0 disables retries but keeps the timeout', () => {
    const vs = find(serviceObjects(shopWith({ web: { ...SHOP.services!.web, traffic: { retries: 0 } } }), 'web'), 'VirtualService', 'web');
    expect(vs.spec.http[0].retries).toEqual({ attempts: 0 });
    expect(vs.spec.http[0].timeout).toBe('10s');
  });

  test('never a VirtualService for a TCP-only service', () => {
    const legacy = serviceObjects(SHOP, 'legacy');
    expect(legacy.some((o) => o.kind === 'VirtualService')).toBe(false);
    expect(find(legacy, 'DestinationRule', 'legacy').spec.trafficPolicy.connectionPool.http).toBeUndefined();
  });

  test('a mixed service routes only its HTTP/gRPC ports', () => {
    const spec = shopWith({ web: { ...SHOP.services!.web, ports: { http: { port: 3000 }, debug: { port: 4000, protocol: 'tcp' } } } });
    expect(find(serviceObjects(spec, 'web'), 'VirtualService', 'web').spec.http.map((h: K8sObject) => h.match[0].port)).toEqual([3000]);
  });
});

describe('DestinationRule', () => {
  test('connection pool, outlier detection and ISTIO_MUTUAL', () => {
    const dr = find(serviceObjects(SHOP, 'api'), 'DestinationRule', 'api');
    expect(dr.spec).toEqual({
      host: host('api'),
      trafficPolicy: {
        connectionPool: {
          tcp: { maxConnections: 500, connectTimeout: '5s' },
          http: { http1MaxPendingRequests: 500, http2MaxRequests: 500 },
        },
        outlierDetection: { consecutive5xxErrors: 5, interval: '10s', baseEjectionTime: '30s', maxEjectionPercent: 50 },
        tls: { mode: 'ISTIO_MUTUAL' },
      },
    });
  });

  test('defaults: 1000 connections', () => {
    const dr = find(serviceObjects({ ...SHOP, mesh: undefined }, 'web'), 'DestinationRule', 'web');
    expect(dr.spec.trafficPolicy.connectionPool).toEqual({
      tcp: { maxConnections: 1000, connectTimeout: '5s' },
      http: { http1MaxPendingRequests: 1000, http2MaxRequests: 1000 },
    });
  });
});

describe('AuthorizationPolicy', () => {
  test('admits exactly the declared callers, the gateway for routed services, and plain-text scrapes of /metrics', () => {
    const policy = find(serviceObjects(SHOP, 'api'), 'AuthorizationPolicy', 'api');
    expect(policy.apiVersion).toBe('security.istio.io/v1');
    expect(policy.spec.action).toBe('ALLOW');
    expect(policy.spec.selector.matchLabels).toEqual({ 'app.kubernetes.io/name': 'api', 'app.kubernetes.io/instance': 'api', 'app.kubernetes.io/component': 'service' });
    expect(policy.spec.rules).toEqual([
      { from: [{ source: { principals: [principal('legacy'), principal('web')] } }], to: [{ operation: { ports: ['8080', '9090'] } }] },
      { from: [{ source: { principals: [GATEWAY] } }], to: [{ operation: { ports: ['8080'], notPaths: ['/metrics', '/metrics/*'] } }] },
      { from: [{ source: { notPrincipals: ['*'] } }], to: [{ operation: { ports: ['8080'], methods: ['GET'], paths: ['/metrics'] } }] },
    ]);
  });

  test('a caller that is not declared is not admitted', () => {
    const rates = find(serviceObjects(SHOP, 'rates'), 'AuthorizationPolicy', 'rates');
    expect(admitted(rates)).toEqual([principal('api')]);
    expect(admitted(rates)).not.toContain(principal('web'));
    expect(admitted(rates)).not.toContain(GATEWAY);
    const web = find(serviceObjects(SHOP, 'web'), 'AuthorizationPolicy', 'web');
    expect(admitted(web)).toEqual([GATEWAY]);
  });

  test('declaring a new caller admits it and nothing else', () => {
    const spec = shopWith({ worker: { ...SHOP.services!.worker, talksTo: ['rates'] } });
    expect(admitted(find(serviceObjects(spec, 'rates'), 'AuthorizationPolicy', 'rates'))).toEqual([principal('api'), principal('worker')]);
  });

  test('a service nobody calls or scrapes gets the allow-nothing policy', () => {
    const rates = shopWith({ api: { ...SHOP.services!.api, talksTo: ['postgres'] } });
    const policy = find(serviceObjects(rates, 'rates'), 'AuthorizationPolicy', 'rates');
    expect(policy.spec.rules).toBeUndefined();
    expect(policy.spec.action).toBe('ALLOW');
  });

  test('gateway identity and trust domain come from the spec', () => {
    const spec = {
      ...SHOP,
      edge: { ...SHOP.edge!, gatewayNamespace: 'ingress', gatewayServiceAccount: 'public-gw' },
      mesh: { ...SHOP.mesh, trustDomain: 'prod.acme' },
    };
    expect(admitted(find(serviceObjects(spec, 'web'), 'AuthorizationPolicy', 'web'))).toEqual(['prod.acme/ns/ingress/sa/public-gw']);
  });
});

describe('PeerAuthentication for scraping under STRICT mTLS', () => {
  test('port-level PERMISSIVE on the metrics port only, with a selector', () => {
    const pa = find(serviceObjects(SHOP, 'api'), 'PeerAuthentication', 'api');
    expect(pa.spec).toEqual({
      selector: { matchLabels: { 'app.kubernetes.io/name': 'api', 'app.kubernetes.io/instance': 'api', 'app.kubernetes.io/component': 'service' } },
      mtls: { mode: 'STRICT' },
      portLevelMtls: { 8080: { mode: 'PERMISSIVE' } },
    });
  });

  test('none for unscraped services or a PERMISSIVE namespace', () => {
    expect(serviceObjects(SHOP, 'rates').some((o) => o.kind === 'PeerAuthentication')).toBe(false);
    const permissive = serviceObjects({ ...SHOP, mesh: { ...SHOP.mesh, mtls: 'PERMISSIVE' } }, 'api');
    expect(permissive.some((o) => o.kind === 'PeerAuthentication')).toBe(false);
  });
});

describe('mesh off', () => {
  test('no Istio objects at all on the services', () => {
    const api = serviceObjects({ ...SHOP, mesh: { enabled: false } }, 'api');
    expect(api.filter((o) => /istio\.io/.test(o.apiVersion))).toEqual([]);
  });
});
