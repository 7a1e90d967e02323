import { k8s } from './k8s';
import { Construct } from 'constructs';

/**
 * A PodDisruptionBudget allowing one voluntary disruption at a time. For quorum systems
 * (sentinel, raft) one at a time keeps the majority; for a single replica no PDB is made
 * because it would block node drains forever.
 */
export function podDisruptionBudget(scope: Construct, id: string, props: {
  name: string; replicas: number; selector: Record<string, string>; labels: Record<string, string>;
}): k8s.KubePodDisruptionBudget | undefined {
  if (props.replicas < 2) return undefined;
  return new k8s.KubePodDisruptionBudget(scope, id, {
    metadata: { name: props.name, labels: props.labels },
    spec: { maxUnavailable: k8s.IntOrString.fromNumber(1), selector: { matchLabels: props.selector } },
  });
}
