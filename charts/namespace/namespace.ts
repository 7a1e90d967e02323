import { k8s } from '../lib/k8s';
import { Construct } from 'constructs';
import { PeerAuthentication, PeerAuthenticationSpecMtlsMode } from '../../imports/istio-security.istio.io';
import { Telemetry } from '../../imports/istio-telemetry.istio.io';
import { ComponentContext, meshEnabled } from '../lib/context';
import { dataBearing, SyncWave, syncWave } from '../lib/gitops';
import { MANAGED_BY } from '../lib/labels';

/** Name of the Telemetry that turns on access logs for the namespace. */
export const ACCESS_LOG_TELEMETRY = 'access-logs';

/**
 * The namespace every component lives in, with the baseline every namespace gets: Pod Security
 * "restricted" enforced, sidecar injection when the mesh is on, default-deny ingress and
 * namespace-wide mTLS. Deleting a namespace deletes its volumes, so ArgoCD may never prune it.
 */
export class PlatformNamespace extends Construct {
  constructor(scope: Construct, id: string, ctx: ComponentContext) {
    super(scope, id);
    const mesh = meshEnabled(ctx);
    const labels = { 'app.kubernetes.io/managed-by': MANAGED_BY };

    new k8s.KubeNamespace(this, 'Resource', {
      metadata: {
        name: ctx.namespace,
        labels: {
          ...labels,
          'pod-security.kubernetes.io/enforce': 'restricted',
          'pod-security.kubernetes.io/enforce-version': 'v1.28',
          ...(mesh ? { 'istio-injection': 'enabled' } : {}),
        },
        annotations: dataBearing(SyncWave.NAMESPACE),
      },
    });

    new k8s.KubeNetworkPolicy(this, 'DefaultDeny', {
      metadata: { name: 'default-deny-ingress', labels, annotations: syncWave(SyncWave.NAMESPACE) },
      spec: { podSelector: {}, policyTypes: ['Ingress'] },
    });

    if (mesh) {
      new PeerAuthentication(this, 'Mtls', {
        metadata: { name: 'default', labels, annotations: syncWave(SyncWave.NAMESPACE) },
        spec: { mtls: { mode: ctx.spec.mesh?.mtls === 'PERMISSIVE' ? PeerAuthenticationSpecMtlsMode.PERMISSIVE : PeerAuthenticationSpecMtlsMode.STRICT } },
      });
    }

    // no selector: every workload of the namespace; edge requests are logged by the sidecar that serves them
    if (mesh && ctx.spec.mesh?.accessLogging) {
      new Telemetry(this, 'AccessLogs', {
        metadata: { name: ACCESS_LOG_TELEMETRY, labels, annotations: syncWave(SyncWave.NAMESPACE) },
        spec: { accessLogging: [{ providers: [{ name: 'envoy' }] }] },
      });
    }
  }
}
