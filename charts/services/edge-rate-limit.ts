import { Construct } from 'constructs';
import {
  EnvoyFilter, EnvoyFilterSpecConfigPatches, EnvoyFilterSpecConfigPatchesApplyTo, EnvoyFilterSpecConfigPatchesMatchContext,
  EnvoyFilterSpecConfigPatchesPatchOperation,
} from '../../imports/istio-networking.istio.io';
import { ComponentContext } from '../lib/context';
import { syncWave, SyncWave } from '../lib/gitops';
import { MANAGED_BY } from '../lib/labels';
import { EdgeRouteSpec, EdgeSpec } from '../spec';
import { namedEdgeRoutes } from './edge';
import { ingressGateway } from './names';

/** File stem of the chart holding the rate limits; its objects live in the gateway's namespace. */
export const EDGE_RATE_LIMIT_FILE = 'edge-rate-limit';

const LOCAL_RATE_LIMIT_TYPE = 'type.googleapis.com/envoy.extensions.filters.http.local_ratelimit.v3.LocalRateLimit';

/** True when the edge declares any rate limit. Runs before the spec checks throw, so it takes malformed routes too. */
export function hasRateLimits(edge: EdgeSpec | undefined): boolean {
  if (!edge) return false;
  const routes: unknown[] = Array.isArray(edge.routes) ? edge.routes : [];
  return edge.rateLimitPerMinute !== undefined || routes.some((r) => (r as EdgeRouteSpec | null)?.rateLimitPerMinute !== undefined);
}

/**
 * Rate limits with Envoy's local rate limit filter, the mechanism Istio documents (Istio has no
 * rate-limit API). An EnvoyFilter selects workloads of its own namespace, so it lives in the
 * gateway's namespace. Two filter instances, named after the platform namespace, go into the
 * shared gateway's HTTP chain; both do nothing unless a virtual host or route carries their
 * configuration, so other platforms on the gateway are untouched:
 * - `<ns>.edge`: one token bucket on each of the platform's virtual hosts (all routes together);
 * - `<ns>.route`: one token bucket on each limited route.
 * Two instances because Envoy uses the most specific configuration of one filter: a route's
 * own bucket would otherwise replace the virtual host's, and the overall limit would not hold.
 * Buckets are per gateway pod (Envoy process): N gateway replicas admit up to N times the limit.
 */
export class EdgeRateLimit extends Construct {
  constructor(scope: Construct, id: string, ctx: ComponentContext) {
    super(scope, id);
    const edge = ctx.spec.edge!;
    const gw = ingressGateway(edge);
    const filters = { edge: `${ctx.namespace}.edge.local_ratelimit`, route: `${ctx.namespace}.route.local_ratelimit` };
    const port = edge.tlsSecret ? 443 : 80;
    const vhosts = edge.hosts.map((h) => `${h}:${port}`);
    const patches: EnvoyFilterSpecConfigPatches[] = [];

    const limitedRoutes = namedEdgeRoutes(edge.routes).filter(({ route }) => route.rateLimitPerMinute !== undefined);
    for (const name of [filters.edge, filters.route]) {
      if (name === filters.edge && edge.rateLimitPerMinute === undefined) continue;
      if (name === filters.route && limitedRoutes.length === 0) continue;
      patches.push({
        applyTo: EnvoyFilterSpecConfigPatchesApplyTo.HTTP_UNDERSCORE_FILTER,
        match: {
          context: EnvoyFilterSpecConfigPatchesMatchContext.GATEWAY,
          listener: { filterChain: { filter: { name: 'envoy.filters.network.http_connection_manager', subFilter: { name: 'envoy.filters.http.router' } } } },
        },
        // no bucket here: the filter only acts where a virtual host or route configures it
        patch: { operation: EnvoyFilterSpecConfigPatchesPatchOperation.INSERT_UNDERSCORE_BEFORE, value: { name, typed_config: { '@type': LOCAL_RATE_LIMIT_TYPE, stat_prefix: statPrefix(name) } } },
      });
    }
    for (const vhost of vhosts) {
      if (edge.rateLimitPerMinute !== undefined) {
        patches.push({
          applyTo: EnvoyFilterSpecConfigPatchesApplyTo.VIRTUAL_UNDERSCORE_HOST,
          match: { context: EnvoyFilterSpecConfigPatchesMatchContext.GATEWAY, routeConfiguration: { vhost: { name: vhost } } },
          patch: { operation: EnvoyFilterSpecConfigPatchesPatchOperation.MERGE, value: perFilter(filters.edge, edge.rateLimitPerMinute) },
        });
      }
      for (const { route, name } of limitedRoutes) {
        patches.push({
          applyTo: EnvoyFilterSpecConfigPatchesApplyTo.HTTP_UNDERSCORE_ROUTE,
          match: { context: EnvoyFilterSpecConfigPatchesMatchContext.GATEWAY, routeConfiguration: { vhost: { name: vhost, route: { name } } } },
          patch: { operation: EnvoyFilterSpecConfigPatchesPatchOperation.MERGE, value: perFilter(filters.route, route.rateLimitPerMinute!) },
        });
      }
    }

    new EnvoyFilter(this, 'Resource', {
      metadata: {
        name: `${ctx.namespace}-edge-rate-limit`,
        namespace: gw.namespace,
        labels: { 'app.kubernetes.io/name': 'edge', 'app.kubernetes.io/component': 'edge', 'app.kubernetes.io/managed-by': MANAGED_BY },
        annotations: syncWave(SyncWave.EDGE),
      },
      spec: { workloadSelector: { labels: gw.selector }, configPatches: patches },
    });
  }
}

/** A bucket of `perMinute` tokens refilled every minute, on for every request; an empty bucket answers 429. */
function perFilter(filter: string, perMinute: number): Record<string, unknown> {
  const always = (key: string) => ({ runtime_key: `${filter}.${key}`, default_value: { numerator: 100, denominator: 'HUNDRED' } });
  return {
    typed_per_filter_config: {
      [filter]: {
        '@type': LOCAL_RATE_LIMIT_TYPE,
        stat_prefix: statPrefix(filter),
        token_bucket: { max_tokens: perMinute, tokens_per_fill: perMinute, fill_interval: '60s' },
        filter_enabled: always('enabled'),
        filter_enforced: always('enforced'),
      },
    },
  };
}

/** Stats appear as `<prefix>.http_local_rate_limit.rate_limited` on the gateway's Envoy. */
function statPrefix(filter: string): string {
  return filter.replace(/[^a-z0-9]+/g, '_');
}
