import { Construct } from 'constructs';
import {
  PeerAuthentication, PeerAuthenticationSpecMtlsMode, PeerAuthenticationSpecPortLevelMtlsMode,
} from '../../imports/istio-security.istio.io';
import { ComponentContext, meshEnabled } from './context';

/** True when the namespace PeerAuthentication rejects plain text (mesh on, mode STRICT). */
export function strictMtls(ctx: ComponentContext): boolean {
  return meshEnabled(ctx) && (ctx.spec.mesh?.mtls ?? 'STRICT') === 'STRICT';
}

/**
 * Lets a Prometheus outside the mesh scrape a workload under namespace-wide STRICT mTLS: the
 * workload stays STRICT except on its metrics ports, which accept plain text too. Istio only
 * honours portLevelMtls on a PeerAuthentication with a selector, so every workload with
 * metrics ports gets its own. Keys are container ports. Nothing is made when the namespace
 * already accepts plain text (mesh off or PERMISSIVE) or there is nothing to scrape.
 */
export function metricsPortsPermissive(scope: Construct, id: string, ctx: ComponentContext, props: {
  name: string;
  labels: Record<string, string>;
  selector: Record<string, string>;
  /** Container ports Prometheus scrapes. */
  ports: readonly number[];
  annotations?: Record<string, string>;
}): PeerAuthentication | undefined {
  if (!strictMtls(ctx) || props.ports.length === 0) return undefined;
  const ports = [...new Set(props.ports)].sort((a, b) => a - b);
  return new PeerAuthentication(scope, id, {
    metadata: { name: props.name, labels: props.labels, ...(props.annotations ? { annotations: props.annotations } : {}) },
    spec: {
      selector: { matchLabels: props.selector },
      mtls: { mode: PeerAuthenticationSpecMtlsMode.STRICT },
      portLevelMtls: Object.fromEntries(ports.map((p) => [String(p), { mode: PeerAuthenticationSpecPortLevelMtlsMode.PERMISSIVE }])),
    },
  });
}
