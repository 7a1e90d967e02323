/** The app.kubernetes.io label set. Selectors use only the stable subset (never the version). */
export const MANAGED_BY = 'platform-synth';

export interface WorkloadIdentity {
  /** Software, e.g. "postgres", "redis", "nats", "pgbouncer". */
  readonly name: string;
  /** Instance name from the spec, e.g. "orders-db". */
  readonly instance: string;
  /** Role inside the instance, e.g. "sentinel", "database". */
  readonly component?: string;
  /** Image tag; goes on object labels only. */
  readonly version?: string;
}

export function selectorLabels(id: WorkloadIdentity): Record<string, string> {
  const labels: Record<string, string> = {
    'app.kubernetes.io/name': id.name,
    'app.kubernetes.io/instance': id.instance,
  };
  if (id.component) labels['app.kubernetes.io/component'] = id.component;
  return labels;
}

export function objectLabels(id: WorkloadIdentity): Record<string, string> {
  const labels = selectorLabels(id);
  if (id.version) labels['app.kubernetes.io/version'] = labelSafe(id.version);
  return labels;
}

/** Image "repo/name:1.2.3" -> "1.2.3"; digests are shortened to fit a label value. */
export function imageVersion(image: string): string {
  const at = image.indexOf('@');
  if (at >= 0) return image.slice(at + 1).replace(':', '-').slice(0, 20);
  const colon = image.lastIndexOf(':');
  return colon > image.lastIndexOf('/') ? image.slice(colon + 1) : 'unversioned';
}

function labelSafe(v: string): string {
  return v.replace(/[^A-Za-z0-9._-]/g, '-').slice(0, 63).replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '');
}
