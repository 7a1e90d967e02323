import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import type { KubernetesObject } from './client';

/** One object of a synthesized environment and the file it came from. */
export interface ManifestObject {
  readonly file: string;
  readonly object: KubernetesObject;
}

export const SYNC_WAVE = 'argocd.argoproj.io/sync-wave';

/** Every object of dist/<platform>/<env>, files in name order, documents in file order. */
export function readEnvironment(dir: string): ManifestObject[] {
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.k8s.yaml')).sort();
  if (files.length === 0) throw new Error(`no *.k8s.yaml files in ${dir}; run \`npm run synth\` first`);
  const out: ManifestObject[] = [];
  for (const file of files) {
    for (const doc of parseAllDocuments(fs.readFileSync(path.join(dir, file), 'utf8'))) {
      if (doc.errors.length > 0) throw new Error(`${file}: ${doc.errors[0].message}`);
      const object = doc.toJS();
      if (object && typeof object === 'object' && object.kind) out.push({ file, object });
    }
  }
  return out;
}

/** The objects minus those of the files whose stem matches a glob (`svc-*`, `edge`). */
export function withoutFiles(manifests: ManifestObject[], globs: readonly string[]): ManifestObject[] {
  const patterns = globs.filter(Boolean).map((glob) => new RegExp(`^${glob.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`));
  return manifests.filter((m) => !patterns.some((re) => re.test(m.file.replace(/\.k8s\.yaml$/, ''))));
}

/** The environments under a dist folder: [platform, env] pairs in name order. */
export function environments(distDir: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const platform of fs.readdirSync(distDir).sort()) {
    const platformDir = path.join(distDir, platform);
    if (!fs.statSync(platformDir).isDirectory()) continue;
    for (const env of fs.readdirSync(platformDir).sort()) {
      if (fs.statSync(path.join(platformDir, env)).isDirectory()) out.push([platform, env]);
    }
  }
  return out;
}

export function apiGroup(apiVersion: string): string {
  return apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
}

export function waveOf(object: KubernetesObject): number {
  const n = Number(object.metadata?.annotations?.[SYNC_WAVE] ?? 0);
  return Number.isFinite(n) ? n : 0;
}

/** Objects grouped by sync wave, lowest wave first, file order kept inside a wave. */
export function byWave<T extends { object: KubernetesObject }>(objects: T[]): Array<[number, T[]]> {
  const waves = new Map<number, T[]>();
  for (const o of objects) {
    const w = waveOf(o.object);
    waves.set(w, [...(waves.get(w) ?? []), o]);
  }
  return [...waves.entries()].sort((a, b) => a[0] - b[0]);
}
