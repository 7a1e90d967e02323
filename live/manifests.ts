import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';

/** A Kubernetes object as read from the synthesized YAML (untyped on purpose: we run what is there). */
export type K8sObject = Record<string, any>;

/** Every object of one synthesized environment, with lookups by kind and name. */
export class Manifests {
  constructor(readonly objects: K8sObject[], readonly source: string) {}

  /** Reads every `*.k8s.yaml` (or `*.yaml`) file of a folder such as dist/<platform>/<env>/. */
  static load(dir: string): Manifests {
    if (!fs.existsSync(dir)) {
      throw new Error(`no synthesized manifests in ${dir}: run \`npm run synth\` (or point LIVE_MANIFESTS at a folder of *.k8s.yaml files)`);
    }
    const files = fs.readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort();
    const objects: K8sObject[] = [];
    for (const f of files) objects.push(...parseYaml(fs.readFileSync(path.join(dir, f), 'utf8'), path.join(dir, f)));
    return new Manifests(objects, dir);
  }

  ofKind(kind: string): K8sObject[] {
    return this.objects.filter((o) => o.kind === kind);
  }

  find(kind: string, name: string): K8sObject | undefined {
    return this.objects.find((o) => o.kind === kind && o.metadata?.name === name);
  }

  get(kind: string, name: string): K8sObject {
    const hit = this.find(kind, name);
    if (!hit) {
      const present = this.ofKind(kind).map((o) => o.metadata?.name);
      throw new Error(`${this.source}: no ${kind}/${name}; present: ${present.join(', ') || 'none'}`);
    }
    return hit;
  }

  /**
   * The environment's namespace: the one its workloads and Services live in (other objects, such
   * as ArgoCD Applications, may live elsewhere).
   */
  get namespace(): string {
    const counts = new Map<string, number>();
    for (const o of this.objects) {
      if (!['StatefulSet', 'Deployment', 'Service'].includes(o.kind) || !o.metadata?.namespace) continue;
      counts.set(o.metadata.namespace, (counts.get(o.metadata.namespace) ?? 0) + 1);
    }
    const best = [...counts.entries()].sort((a, b) => b[1] - a[1])[0];
    if (!best) throw new Error(`${this.source}: no namespaced workload or Service`);
    return best[0];
  }
}

export function parseYaml(text: string, source = 'yaml'): K8sObject[] {
  const out: K8sObject[] = [];
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length > 0) throw new Error(`${source}: ${doc.errors[0].message}`);
    const value = doc.toJS();
    if (value && typeof value === 'object') out.push(value as K8sObject);
  }
  return out;
}

/** True when every key/value of `selector` is among `labels`. */
export function matchesSelector(selector: Record<string, string> | undefined, labels: Record<string, string>): boolean {
  if (!selector || Object.keys(selector).length === 0) return false;
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}
