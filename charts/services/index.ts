import { ChartUnit, ComponentDefinition } from '../component';
import { PlatformSpec } from '../spec';
import { AppService } from './app-service';
import { checkServices } from './checks';
import { Edge } from './edge';
import { checkEdge } from './edge-checks';
import { EDGE_RATE_LIMIT_FILE, EdgeRateLimit, hasRateLimits } from './edge-rate-limit';
import { checkMesh } from './mesh-checks';
import { EDGE_FILE, serviceFile } from './names';

/**
 * Application services with their Istio traffic policy, and the edge. Each service is its own
 * file `svc-<name>` (the prefix keeps service names from colliding with component files), so
 * a pull request that changes one service shows one file and ArgoCD syncs one Application.
 */
export const servicesComponent: ComponentDefinition = {
  key: 'services',
  check: (c, spec) => {
    checkServices(c, spec);
    checkEdge(c, spec);
    checkMesh(c, spec);
  },
  charts: (spec: PlatformSpec): ChartUnit[] => [
    ...Object.keys(spec.services ?? {}).map((name) => ({
      file: serviceFile(name),
      specPath: `services.${name}`,
      build: (chart, ctx) => new AppService(chart, name, ctx, name),
      pod: { path: `services.${name}`, overrides: spec.services![name] },
    } as ChartUnit)),
    ...(spec.edge ? [{ file: EDGE_FILE, specPath: 'edge', build: (chart, ctx) => new Edge(chart, 'edge', ctx) } as ChartUnit] : []),
    ...(hasRateLimits(spec.edge) ? [{ file: EDGE_RATE_LIMIT_FILE, specPath: 'edge', build: (chart, ctx) => new EdgeRateLimit(chart, 'rate-limit', ctx) } as ChartUnit] : []),
  ],
};
