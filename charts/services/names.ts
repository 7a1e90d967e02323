import { ComponentContext } from '../lib/context';
import { imageVersion, selectorLabels, WorkloadIdentity } from '../lib/labels';
import { AppServiceSpec, EdgeSpec } from '../spec';

/**
 * Names and identities of an application service. Every object of a service is named after
 * the service itself (kinds differ), so names depend on nothing but the spec key.
 */

/** Chart file stem: prefixed so a service can never collide with a component's file (e.g. "postgres", "edge"). */
export const SERVICE_FILE_PREFIX = 'svc-';

/** File stem of the chart holding the ingress Gateway and the edge VirtualService. */
export const EDGE_FILE = 'edge';

/** Name of the Gateway and of the edge VirtualService. */
export const EDGE_NAME = 'edge';

/** Longest service name: the file stem `svc-<name>` must stay a 63-character DNS label. */
export const MAX_SERVICE_NAME = 63 - SERVICE_FILE_PREFIX.length;

/** Component keys `talksTo` may name besides services. */
export const DATA_COMPONENTS = ['postgres', 'redis', 'nats', 'kafka'] as const;

export function serviceFile(name: string): string {
  return `${SERVICE_FILE_PREFIX}${name}`;
}

export function serviceIdentity(name: string, image: string | undefined): WorkloadIdentity {
  return { name, instance: name, component: 'service', ...(image ? { version: imageVersion(image) } : {}) };
}

export function serviceSelector(name: string): Record<string, string> {
  return selectorLabels(serviceIdentity(name, undefined));
}

/** The ServiceAccount a service's pods run as: its own name unless the spec names another. */
export function serviceAccountOf(name: string, svc: AppServiceSpec): string {
  return svc.serviceAccountName ?? name;
}

/** Cluster-local FQDN of a Service in the platform namespace (VirtualService and DestinationRule hosts). */
export function serviceHost(ctx: ComponentContext, name: string): string {
  return `${name}.${ctx.namespace}.svc.cluster.local`;
}

/** SPIFFE-style principal Istio derives from a workload's ServiceAccount. */
export function principal(ctx: ComponentContext, namespace: string, serviceAccount: string): string {
  return `${ctx.spec.mesh?.trustDomain ?? 'cluster.local'}/ns/${namespace}/sa/${serviceAccount}`;
}

/** The Istio ingress gateway the edge binds to, defaults resolved. */
export function ingressGateway(edge: EdgeSpec): { namespace: string; selector: Record<string, string>; serviceAccount: string } {
  return {
    namespace: edge.gatewayNamespace ?? 'istio-system',
    selector: edge.gatewaySelector ?? { istio: 'ingressgateway' },
    serviceAccount: edge.gatewayServiceAccount ?? 'istio-ingressgateway-service-account',
  };
}
