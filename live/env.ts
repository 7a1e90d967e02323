import { K8sObject } from './manifests';

/** What the downward API and references can read about a pod. */
export interface PodFacts {
  readonly name: string;
  readonly namespace: string;
  readonly ip: string;
  readonly hostIp: string;
  readonly nodeName: string;
  readonly uid: string;
  readonly serviceAccountName: string;
  readonly labels: Record<string, string>;
  readonly annotations: Record<string, string>;
}

export interface EnvSources {
  secret(name: string, key: string, optional: boolean): string | undefined;
  secretData(name: string, optional: boolean): Record<string, string>;
  configMap(name: string, key: string, optional: boolean): string | undefined;
  configMapData(name: string, optional: boolean): Record<string, string>;
}

/** Kubernetes `$(VAR)` expansion: defined names are replaced, `$$` escapes, unknown references stay as written. */
export function expand(text: string, vars: Map<string, string>): string {
  return text.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)/g, (whole, name?: string) => {
    if (whole === '$$') return '$';
    return name !== undefined && vars.has(name) ? vars.get(name)! : whole;
  });
}

/**
 * The environment of a container, in Kubernetes order: image ENV and the runtime's HOSTNAME,
 * then envFrom sources, then env entries (later entries win; `$(VAR)` sees earlier ones).
 */
export function resolveEnv(container: K8sObject, pod: PodFacts, src: EnvSources, imageEnv: Record<string, string>): Map<string, string> {
  const vars = new Map<string, string>(Object.entries(imageEnv));
  vars.set('HOSTNAME', pod.name);
  for (const from of container.envFrom ?? []) {
    const prefix = from.prefix ?? '';
    const data = from.configMapRef
      ? src.configMapData(from.configMapRef.name, !!from.configMapRef.optional)
      : src.secretData(from.secretRef.name, !!from.secretRef?.optional);
    for (const [k, v] of Object.entries(data)) vars.set(prefix + k, v);
  }
  for (const e of container.env ?? []) {
    const value = e.valueFrom ? valueFrom(e.name, e.valueFrom, container, pod, src) : expand(e.value ?? '', vars);
    if (value !== undefined) vars.set(e.name, value);
  }
  return vars;
}

function valueFrom(name: string, from: K8sObject, container: K8sObject, pod: PodFacts, src: EnvSources): string | undefined {
  if (from.secretKeyRef) return src.secret(from.secretKeyRef.name, from.secretKeyRef.key, !!from.secretKeyRef.optional);
  if (from.configMapKeyRef) return src.configMap(from.configMapKeyRef.name, from.configMapKeyRef.key, !!from.configMapKeyRef.optional);
  if (from.fieldRef) return fieldRef(from.fieldRef.fieldPath, pod);
  if (from.resourceFieldRef) return resourceField(from.resourceFieldRef, container);
  throw new Error(`env ${name}: unsupported valueFrom ${JSON.stringify(from)}`);
}

export function fieldRef(fieldPath: string, pod: PodFacts): string {
  const label = /^metadata\.(labels|annotations)\['(.+)'\]$/.exec(fieldPath);
  if (label) return (label[1] === 'labels' ? pod.labels : pod.annotations)[label[2]] ?? '';
  switch (fieldPath) {
    case 'metadata.name': return pod.name;
    case 'metadata.namespace': return pod.namespace;
    case 'metadata.uid': return pod.uid;
    case 'status.podIP': case 'status.podIPs': return pod.ip;
    case 'status.hostIP': case 'status.hostIPs': return pod.hostIp;
    case 'spec.nodeName': return pod.nodeName;
    case 'spec.serviceAccountName': return pod.serviceAccountName;
    case 'metadata.labels': return Object.entries(pod.labels).map(([k, v]) => `${k}="${v}"`).join('\n');
    case 'metadata.annotations': return Object.entries(pod.annotations).map(([k, v]) => `${k}="${v}"`).join('\n');
    default: throw new Error(`unsupported fieldRef ${fieldPath}`);
  }
}

/** The single node's capacity, used where Kubernetes falls back to node allocatable. */
const NODE = { cpu: 2, memory: 8 * 1024 ** 3, 'ephemeral-storage': 50 * 1024 ** 3 };

export function resourceField(ref: K8sObject, container: K8sObject): string {
  const [kind, resource] = String(ref.resource).split('.') as ['limits' | 'requests', 'cpu' | 'memory' | 'ephemeral-storage'];
  const declared = container.resources?.[kind]?.[resource] ?? (kind === 'requests' ? container.resources?.limits?.[resource] : undefined);
  const amount = declared !== undefined ? quantity(String(declared)) : (kind === 'limits' ? NODE[resource] : 0);
  const divisor = quantity(String(ref.divisor ?? '1'));
  return String(Math.max(resource === 'cpu' ? 1 : 0, Math.ceil(amount / divisor)));
}

/** Kubernetes quantity ("500m", "2Gi", "1e3") as a number. */
export function quantity(q: string): number {
  const m = /^([0-9.e+-]+)(Ki|Mi|Gi|Ti|Pi|Ei|m|k|M|G|T|P|E)?$/.exec(q.trim());
  if (!m) throw new Error(`not a quantity: ${q}`);
  const scale: Record<string, number> = {
    Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3, Ti: 1024 ** 4, Pi: 1024 ** 5, Ei: 1024 ** 6,
    m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  };
  return Number(m[1]) * (m[2] ? scale[m[2]] : 1);
}

/** command/args/image defaults per the Kubernetes rules, then `$(VAR)` expansion. */
export function containerArgv(container: K8sObject, entrypoint: string[] = [], cmd: string[] = [], vars: Map<string, string>): string[] {
  let argv: string[];
  if (container.command) argv = [...container.command, ...(container.args ?? [])];
  else if (container.args) argv = [...entrypoint, ...container.args];
  else argv = [...entrypoint, ...cmd];
  if (argv.length === 0) throw new Error(`container ${container.name}: no command, no args and the image mapping has no entrypoint`);
  return argv.map((a) => expand(String(a), vars));
}
