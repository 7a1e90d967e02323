import { SpecError } from '../../../charts/lib/errors';
import { EdgeRouteSpec, EdgeSpec } from '../../../charts/spec';
import { find, K8sObject, synthSpec } from '../../helpers';
import { SHOP } from './fixtures';

const filesWith = (edge: Partial<EdgeSpec>) => synthSpec({ ...SHOP, edge: { ...SHOP.edge!, ...edge } });
const filterOf = (edge: Partial<EdgeSpec>): K8sObject => find(filesWith(edge).get('edge-rate-limit')!, 'EnvoyFilter', 'shop-edge-rate-limit');
const routes = (limits: Record<string, number>): EdgeRouteSpec[] => SHOP.edge!.routes.map((r) => ({ ...r, ...(limits[r.prefix] ? { rateLimitPerMinute: limits[r.prefix] } : {}) }));
const bucketOf = (patch: K8sObject, filter: string) => patch.patch.value.typed_per_filter_config[filter];

describe('edge rate limits', () => {
  test('no file without a limit', () => {
    expect(synthSpec(SHOP).has('edge-rate-limit')).toBe(false);
  });

  test('malformed routes end in the spec error, not a crash of the file planning', () => {
    expect(() => filesWith({ rateLimitPerMinute: 10, routes: 'all' as any })).toThrow(SpecError);
  });

  test('an EnvoyFilter in the gateway namespace, selecting the gateway pods', () => {
    const f = filterOf({ rateLimitPerMinute: 600, gatewayNamespace: 'edge-gw', gatewaySelector: { app: 'gw' } });
    expect(f.apiVersion).toBe('networking.istio.io/v1alpha3');
    expect(f.metadata.namespace).toBe('edge-gw');
    expect(f.spec.workloadSelector).toEqual({ labels: { app: 'gw' } });
  });

  test('overall limit: one inert filter in the chain and a 60-second bucket on each HTTPS virtual host', () => {
    const f = filterOf({ rateLimitPerMinute: 600, hosts: ['shop.example.com', 'www.shop.example.com'] });
    const [filter, ...vhosts] = f.spec.configPatches;
    expect(filter.applyTo).toBe('HTTP_FILTER');
    expect(filter.patch.operation).toBe('INSERT_BEFORE');
    expect(filter.match.listener.filterChain.filter.subFilter).toEqual({ name: 'envoy.filters.http.router' });
    expect(filter.patch.value.name).toBe('shop.edge.local_ratelimit');
    // no bucket on the filter itself: other platforms' hosts on the shared gateway are not limited
    expect(filter.patch.value.typed_config.token_bucket).toBeUndefined();
    expect(vhosts.map((p: K8sObject) => [p.applyTo, p.match.routeConfiguration.vhost.name])).toEqual([
      ['VIRTUAL_HOST', 'shop.example.com:443'], ['VIRTUAL_HOST', 'www.shop.example.com:443'],
    ]);
    const bucket = bucketOf(vhosts[0], 'shop.edge.local_ratelimit');
    expect(bucket.token_bucket).toEqual({ max_tokens: 600, tokens_per_fill: 600, fill_interval: '60s' });
    expect(bucket.filter_enabled.default_value).toEqual({ numerator: 100, denominator: 'HUNDRED' });
    expect(bucket.filter_enforced.default_value).toEqual({ numerator: 100, denominator: 'HUNDRED' });
  });

  test('per-route limits: a second filter, buckets on the routes by their VirtualService names; port 80 without TLS', () => {
    const files = filesWith({ tlsSecret: undefined, routes: routes({ '/api/': 100, '/ws': 5 }) });
    const f = find(files.get('edge-rate-limit')!, 'EnvoyFilter', 'shop-edge-rate-limit');
    const vsRouteNames = find(files.get('edge')!, 'VirtualService', 'edge').spec.http.map((r: K8sObject) => r.name);
    const routePatches = f.spec.configPatches.filter((p: K8sObject) => p.applyTo === 'HTTP_ROUTE');
    expect(f.spec.configPatches.filter((p: K8sObject) => p.applyTo === 'HTTP_FILTER').map((p: K8sObject) => p.patch.value.name)).toEqual(['shop.route.local_ratelimit']);
    expect(f.spec.configPatches.some((p: K8sObject) => p.applyTo === 'VIRTUAL_HOST')).toBe(false);
    expect(routePatches.map((p: K8sObject) => p.match.routeConfiguration.vhost)).toEqual([
      { name: 'shop.example.com:80', route: { name: 'api' } },
      { name: 'shop.example.com:80', route: { name: 'ws' } },
    ]);
    for (const p of routePatches) expect(vsRouteNames).toContain(p.match.routeConfiguration.vhost.route.name);
    expect(bucketOf(routePatches[1], 'shop.route.local_ratelimit').token_bucket).toEqual({ max_tokens: 5, tokens_per_fill: 5, fill_interval: '60s' });
  });

  test('both limits: two filters, so a route bucket does not replace the overall one', () => {
    const f = filterOf({ rateLimitPerMinute: 1000, routes: routes({ '/api/': 100 }) });
    expect(f.spec.configPatches.map((p: K8sObject) => p.applyTo)).toEqual(['HTTP_FILTER', 'HTTP_FILTER', 'VIRTUAL_HOST', 'HTTP_ROUTE']);
    expect(f.spec.configPatches.slice(0, 2).map((p: K8sObject) => p.patch.value.name)).toEqual(['shop.edge.local_ratelimit', 'shop.route.local_ratelimit']);
  });
});
