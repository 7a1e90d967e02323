import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import type { Cluster, KubernetesObject } from './client';

const ROOT = path.resolve(__dirname, '..', '..');

/**
 * The CRDs the project pins (crds/sources.json, cached in .cache/schemas by `npm run setup`), as
 * objects to apply. The cluster serves exactly the schemas the offline validator checks against.
 */
export function pinnedCrds(root = ROOT): KubernetesObject[] {
  const sources = JSON.parse(fs.readFileSync(path.join(root, 'crds', 'sources.json'), 'utf8'));
  const out: KubernetesObject[] = [];
  for (const entry of sources.schemas.filter((s: any) => s.kind === 'crd')) {
    const file = path.join(root, '.cache', 'schemas', entry.file);
    if (!fs.existsSync(file)) throw new Error(`${file} is missing: run \`npm run setup\` first`);
    for (const doc of parseAllDocuments(fs.readFileSync(file, 'utf8'))) {
      const object = doc.toJS();
      if (object?.kind === 'CustomResourceDefinition') out.push(object);
    }
  }
  return out;
}

/** Applies the CRDs and waits until the API server serves each (Established). */
export async function installCrds(cluster: Cluster, crds: KubernetesObject[], fieldManager: string, timeoutMs = 60_000): Promise<void> {
  for (const crd of crds) await cluster.apply(crd, { fieldManager });
  const deadline = Date.now() + timeoutMs;
  for (const crd of crds) {
    for (;;) {
      const live: any = await cluster.objects.read({ apiVersion: crd.apiVersion, kind: crd.kind, metadata: { name: crd.metadata!.name } });
      if ((live.status?.conditions ?? []).some((c: any) => c.type === 'Established' && c.status === 'True')) break;
      if (Date.now() > deadline) throw new Error(`CRD ${crd.metadata!.name} not Established after ${timeoutMs / 1000}s`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}
