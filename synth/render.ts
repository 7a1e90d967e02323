import { stringify } from 'yaml';

/** Kinds without a namespace: cdk8s puts the chart namespace on every object; the API server would ignore it, reviewers would not. */
const CLUSTER_SCOPED = new Set(['Namespace', 'ClusterRole', 'ClusterRoleBinding', 'CustomResourceDefinition', 'PriorityClass', 'StorageClass']);

export function normalize(obj: Record<string, unknown>): Record<string, unknown> {
  if (!CLUSTER_SCOPED.has(String(obj.kind))) return obj;
  const metadata = { ...(obj.metadata as Record<string, unknown>) };
  delete metadata.namespace;
  return { ...obj, metadata };
}

/** Multi-document YAML with a fixed style, so the same objects always give the same bytes. */
export function renderYaml(objects: readonly Record<string, unknown>[]): string {
  return objects
    .map((o) => stringify(o, { lineWidth: 0, minContentWidth: 0, indent: 2, aliasDuplicateObjects: false }))
    .join('---\n');
}
