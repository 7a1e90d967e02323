import { k8s } from '../lib/k8s';
import { Construct } from 'constructs';
import { ComponentContext, meshEnabled } from '../lib/context';
import { podDisruptionBudget } from '../lib/disruption';
import { syncWave, SyncWave } from '../lib/gitops';
import { objectLabels } from '../lib/labels';
import { podMonitor } from '../lib/monitoring';
import { service } from '../lib/service';
import { serviceCallers } from './callers';
import { ServiceMeshPolicy } from './mesh-policy';
import { serviceAccountOf, serviceIdentity, serviceSelector } from './names';
import { serviceNetworkPolicy } from './network-policy';
import { servicePodTemplate } from './pod-template';
import { statefulServiceWorkload } from './stateful-workload';
import { appPorts, istioProtocol, servicePortName } from './ports';

export const DEFAULT_REPLICAS = 2;
export const DEFAULT_TARGET_CPU_PERCENT = 70;
export const IRSA_ANNOTATION = 'eks.amazonaws.com/role-arn';

/**
 * One application service: ServiceAccount, Deployment (a StatefulSet when it declares `state`),
 * Service, PDB, optional HPA, NetworkPolicy, PodMonitor and, with the mesh on, its Istio policy.
 * Every object is named after the service, except the ServiceAccount when `serviceAccountName`
 * names another.
 *
 * With an HPA the Deployment keeps `replicas` (the size a first apply starts at) and the
 * ArgoCD Application ignores /spec/replicas of autoscaled Deployments, so a sync never undoes
 * a scale-out.
 */
export class AppService extends Construct {
  constructor(scope: Construct, id: string, ctx: ComponentContext, name: string) {
    super(scope, id);
    const svc = ctx.spec.services![name];
    const labels = objectLabels(serviceIdentity(name, svc.image));
    const selector = serviceSelector(name);
    const annotations = syncWave(SyncWave.SERVICES);
    const replicas = svc.replicas ?? DEFAULT_REPLICAS;
    const ports = appPorts(svc);
    const callers = serviceCallers(ctx, name);

    new k8s.KubeServiceAccount(this, 'Account', {
      metadata: {
        name: serviceAccountOf(name, svc),
        labels,
        annotations: { ...annotations, ...(svc.cloudRole ? { [IRSA_ANNOTATION]: svc.cloudRole } : {}) },
      },
      automountServiceAccountToken: false,
    });

    if (svc.state) {
      statefulServiceWorkload(this, 'Resource', ctx, {
        name, svc, labels, selector, replicas,
        template: (extraMounts) => servicePodTemplate(ctx, name, svc, { labels, selector, extraMounts }),
      });
    } else {
      new k8s.KubeDeployment(this, 'Resource', {
        metadata: { name, labels, annotations },
        spec: {
          replicas,
          revisionHistoryLimit: 5,
          selector: { matchLabels: selector },
          // surge first: a single-replica service never drops to zero during a rollout
          strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: k8s.IntOrString.fromNumber(0), maxSurge: k8s.IntOrString.fromString('25%') } },
          template: servicePodTemplate(ctx, name, svc, { labels, selector }),
        },
      });
    }

    service(this, 'Service', {
      name,
      labels,
      selector,
      annotations,
      ports: ports.map((p) => ({ name: servicePortName(p), appProtocol: istioProtocol(p), port: p.port })),
    });

    // an autoscaled service may run several pods even when it starts at one
    const pdb = podDisruptionBudget(this, 'Disruption', { name, replicas: svc.maxReplicas ?? replicas, selector, labels });
    pdb?.metadata.addAnnotation('argocd.argoproj.io/sync-wave', String(SyncWave.SERVICES));

    if (svc.maxReplicas !== undefined) {
      new k8s.KubeHorizontalPodAutoscalerV2(this, 'Autoscaler', {
        metadata: { name, labels, annotations },
        spec: {
          scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name },
          minReplicas: replicas,
          maxReplicas: svc.maxReplicas,
          metrics: [{
            type: 'Resource',
            resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: svc.targetCpuPercent ?? DEFAULT_TARGET_CPU_PERCENT } },
          }],
        },
      });
    }

    serviceNetworkPolicy(this, 'Ingress', ctx, { name, labels, annotations, callers });

    if (callers.metrics) {
      podMonitor(this, 'Monitor', ctx, { name, labels, selector, ports: [callers.metrics.port.name], path: callers.metrics.path });
    }

    if (meshEnabled(ctx)) new ServiceMeshPolicy(this, 'Mesh', ctx, { name, labels, annotations, callers });
  }
}
