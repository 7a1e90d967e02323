import { k8s } from './k8s';
import { Construct } from 'constructs';

/** A Service port; `name` carries the Istio protocol prefix (tcp-, http-, grpc-), which the policy check enforces. */
export interface NamedPort {
  readonly name: string;
  readonly port: number;
  /** @default port */
  readonly targetPort?: number | string;
  /** Protocol hint for Istio and other proxies, e.g. "http", "kubernetes.io/ws". @default none (the name prefix decides) */
  readonly appProtocol?: string;
}

export function service(scope: Construct, id: string, props: {
  name: string;
  labels: Record<string, string>;
  selector: Record<string, string>;
  ports: readonly NamedPort[];
  /** Headless Service for StatefulSet pod DNS. @default false */
  headless?: boolean;
  /** Publish pods before they are ready (peer discovery during bootstrap). @default false */
  publishNotReadyAddresses?: boolean;
  annotations?: Record<string, string>;
}): k8s.KubeService {
  return new k8s.KubeService(scope, id, {
    metadata: { name: props.name, labels: props.labels, ...(props.annotations ? { annotations: props.annotations } : {}) },
    spec: {
      ...(props.headless ? { clusterIp: 'None' } : { type: 'ClusterIP' }),
      ...(props.publishNotReadyAddresses ? { publishNotReadyAddresses: true } : {}),
      selector: props.selector,
      ports: props.ports.map((p) => ({
        name: p.name,
        ...(p.appProtocol ? { appProtocol: p.appProtocol } : {}),
        port: p.port,
        protocol: 'TCP',
        targetPort: typeof p.targetPort === 'string' ? k8s.IntOrString.fromString(p.targetPort) : k8s.IntOrString.fromNumber(p.targetPort ?? p.port),
      })),
    },
  });
}
