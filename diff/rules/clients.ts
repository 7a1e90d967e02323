/**
 * What clients depend on: Service ports, names and addresses, the Secrets pods read, and the
 * immutable parts of Services and claims that make an apply fail.
 */
import { ChangedObject, deepEqual, K8sObject } from '../compare';
import { ChangeRule, Danger, danger, describeChange, nsFlag, typeOf } from '../danger';

function service(c: ChangedObject): Danger[] {
  if (typeOf(c.after) !== '/Service') return [];
  const b = c.before.object.spec ?? {};
  const a = c.after.object.spec ?? {};
  const out: Danger[] = [];
  const headless = (s: K8sObject) => s.clusterIP === 'None';
  if (headless(b) !== headless(a) || (b.clusterIP && a.clusterIP && b.clusterIP !== a.clusterIP)) {
    out.push(danger('immutable-field', c.after, `spec.clusterIP${describeChange(b.clusterIP, a.clusterIP)}`,
      'the API server rejects the update: spec.clusterIP cannot change (headless <-> virtual IP included), so the sync fails. ' +
      `Delete the Service (\`kubectl delete service ${c.after.id.name}${nsFlag(c.after)}\`) and sync: clients resolve nothing until it is back, and the DNS answer changes kind (pod addresses vs one virtual IP).`));
  }
  if ((b.type ?? 'ClusterIP') !== (a.type ?? 'ClusterIP')) {
    out.push(danger('client-breaking', c.after, `spec.type ${b.type ?? 'ClusterIP'} -> ${a.type ?? 'ClusterIP'}`,
      a.type === 'LoadBalancer' || a.type === 'NodePort'
        ? 'the Service becomes reachable from outside the cluster (a node port or a cloud load balancer): only the NetworkPolicies stand between it and the outside.'
        : 'external addresses (node ports, load balancer) are released: clients outside the cluster lose it.'));
  }
  const portsBefore = new Map<string, K8sObject>((b.ports ?? []).map((p: K8sObject) => [String(p.port), p]));
  const portsAfter = new Map<string, K8sObject>((a.ports ?? []).map((p: K8sObject) => [String(p.port), p]));
  const problems: string[] = [];
  for (const [port, p] of portsBefore) {
    const q = portsAfter.get(port);
    if (!q) {
      const moved = [...portsAfter.values()].find((x) => x.name !== undefined && x.name === p.name);
      problems.push(moved ? `port ${p.name} ${port} -> ${moved.port}` : `port ${port}${p.name ? ` (${p.name})` : ''} removed`);
      continue;
    }
    if (p.name !== q.name) problems.push(`port ${port} renamed ${p.name ?? '(none)'} -> ${q.name ?? '(none)'}`);
    if ((p.protocol ?? 'TCP') !== (q.protocol ?? 'TCP')) problems.push(`port ${port} protocol ${p.protocol ?? 'TCP'} -> ${q.protocol ?? 'TCP'}`);
    if (!deepEqual(p.targetPort ?? p.port, q.targetPort ?? q.port)) problems.push(`port ${port} targetPort ${p.targetPort ?? p.port} -> ${q.targetPort ?? q.port}`);
  }
  if (problems.length > 0) {
    out.push(danger('client-breaking', c.after, problems.join('; '),
      'clients still connecting to the old port get refused connections at once; a renamed port changes what Istio takes the protocol to be ' +
      '(its name prefix) and breaks clients that look ports up by name (SRV records, named targetPorts). Add the new port next to the old one, move clients, then remove the old port.'));
  }
  if (!deepEqual(b.selector, a.selector) && b.selector !== undefined) {
    out.push(danger('client-breaking', c.after, `spec.selector${describeChange(b.selector, a.selector)}`,
      'the Service routes to other pods from the moment it applies: if no pod carries the new labels yet, clients get connection refused. Roll the pods with the new labels first.'));
  }
  return out;
}

/** Paths of changed fields that name a Secret pods or operators read. */
const SECRET_REFERENCE = /(secretKeyRef\.name|secretRef\.name|secretName|\.secret\.name|Secret\.name|passwordSecret(\.name)?|SecretRef\.name)$|\[name=[^\]]*\]\.secret$/;

function secretReferences(c: ChangedObject): Danger[] {
  const out: Danger[] = [];
  for (const f of c.changes) {
    if (!SECRET_REFERENCE.test(f.path) || typeof f.before !== 'string' || typeof f.after !== 'string') continue;
    out.push(danger('secret-reference-changed', c.after, `${f.path} ${f.before} -> ${f.after}`,
      `pods (re)started after the sync read Secret "${f.after}" instead of "${f.before}": if it does not exist in the namespace yet they fail ` +
      '(CreateContainerConfigError), and if it holds other credentials than the server side expects, logins fail. Create the new Secret with the same values first; delete the old one last.'));
  }
  return out;
}

function claimImmutables(c: ChangedObject): Danger[] {
  const type = typeOf(c.after);
  const out: Danger[] = [];
  const pairs: Array<[string, K8sObject | undefined, K8sObject | undefined]> = [];
  if (type === '/PersistentVolumeClaim') pairs.push(['spec', c.before.object.spec, c.after.object.spec]);
  if (type === 'apps/StatefulSet') {
    const before = new Map<string, K8sObject>((c.before.object.spec?.volumeClaimTemplates ?? []).map((t: K8sObject) => [t.metadata?.name, t]));
    for (const t of c.after.object.spec?.volumeClaimTemplates ?? []) {
      pairs.push([`spec.volumeClaimTemplates[name=${t.metadata?.name}].spec`, before.get(t.metadata?.name)?.spec, t.spec]);
    }
  }
  for (const [path, b, a] of pairs) {
    if (!b || !a || (b.storageClassName ?? '') === (a.storageClassName ?? '')) continue;
    out.push(danger('storage-class-changed', c.after, `${path}.storageClassName${describeChange(b.storageClassName, a.storageClassName)}`,
      'the class of an existing claim cannot change: the API server rejects the update' +
      (type === 'apps/StatefulSet' ? ', and after an orphan re-creation only new pods get the new class while existing members keep theirs.' : '.') +
      ' Moving data to another class means new claims and a copy (or a replica rebuilt on the new volume), one member at a time.'));
  }
  return out;
}

const TLS_REQUIRING = ['require', 'verify-ca', 'verify-full'];
const pgbouncerClientTls = (text: string) => /^\s*client_tls_sslmode\s*=\s*(\S+)/m.exec(text)?.[1] ?? 'disable';
/** pg_hba lines (as written in patroni.yml or a pg_hba file), without a YAML list dash. */
const hbaLines = (text: string) => text.split('\n').map((l) => l.trim().replace(/^-\s+/, '').replace(/^["']|["']$/g, ''));

/**
 * A server that starts refusing clients without TLS: a pg_hba line turned from host to hostssl,
 * or PgBouncer's client_tls_sslmode raised to require. Clients that do not ask for TLS fail from
 * the moment the pods run the new configuration.
 */
function tlsRequired(c: ChangedObject): Danger[] {
  if (typeOf(c.after) !== '/ConfigMap') return [];
  const before: Record<string, string> = c.before.object.data ?? {};
  const after: Record<string, string> = c.after.object.data ?? {};
  const out: Danger[] = [];
  for (const key of Object.keys(after).sort()) {
    const was = before[key];
    if (typeof was !== 'string' || typeof after[key] !== 'string') continue;
    const plain = new Set(hbaLines(was).filter((l) => /^host\s/.test(l)));
    const nowTls = hbaLines(after[key]).filter((l) => /^hostssl\s/.test(l) && plain.has(l.replace(/^hostssl/, 'host')));
    const pool = [pgbouncerClientTls(was), pgbouncerClientTls(after[key])];
    const poolNowTls = !TLS_REQUIRING.includes(pool[0]) && TLS_REQUIRING.includes(pool[1]);
    if (!nowTls.length && !poolNowTls) continue;
    const what = nowTls.length ? `${nowTls.length} pg_hba line(s) host -> hostssl` : `client_tls_sslmode ${pool[0]} -> ${pool[1]}`;
    out.push(danger('client-breaking', c.after, `data["${key}"]: ${what}`,
      'clients that connect without TLS are refused once the pods run this configuration (Postgres after the rolling restart, PgBouncer after its pods roll). ' +
      'The platform\'s services get the matching PGSSLMODE in the same sync, but an app that sets sslmode=disable itself, or a client outside the platform, breaks: ' +
      'move every client to sslmode=require first (it works before and after), then sync.'));
  }
  return out;
}

export const clientRules: ChangeRule[] = [service, secretReferences, claimImmutables, tlsRequired];
