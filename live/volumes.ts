import * as fs from 'fs';
import * as path from 'path';
import { fieldRef, PodFacts } from './env';
import { K8sObject } from './manifests';

export interface VolumeSources {
  configMapData(name: string, optional: boolean): Record<string, string>;
  secretData(name: string, optional: boolean): Record<string, string>;
  /** Folder of a PersistentVolumeClaim; lives as long as the test cluster (StatefulSet pods get theirs back when recreated). */
  claimDir(claim: string): string;
  serviceAccountToken(): string;
}

export interface MaterializedVolume {
  readonly name: string;
  readonly dir: string;
}

/**
 * Writes a pod's volumes as local folders: ConfigMap/Secret/downward API/projected volumes as
 * files (defaultMode / item modes, group = fsGroup), emptyDir as a fresh world-writable folder,
 * claims as folders that survive the pod. Ownership follows fsGroup as the kubelet applies it.
 */
export function materializeVolumes(spec: K8sObject, podDir: string, facts: PodFacts, src: VolumeSources): MaterializedVolume[] {
  const fsGroup: number | undefined = spec.securityContext?.fsGroup;
  const out: MaterializedVolume[] = [];
  for (const v of spec.volumes ?? []) {
    const dir = path.join(podDir, 'volumes', v.name);
    fs.rmSync(dir, { recursive: true, force: true });
    if (v.configMap) {
      writeFiles(dir, select(src.configMapData(v.configMap.name, !!v.configMap.optional), v.configMap.items), v.configMap.defaultMode ?? 0o644, fsGroup);
    } else if (v.secret) {
      writeFiles(dir, select(src.secretData(v.secret.secretName, !!v.secret.optional), v.secret.items), v.secret.defaultMode ?? 0o644, fsGroup);
    } else if (v.downwardAPI) {
      writeFiles(dir, downward(v.downwardAPI.items ?? [], facts), v.downwardAPI.defaultMode ?? 0o644, fsGroup);
    } else if (v.projected) {
      writeFiles(dir, projected(v.projected.sources ?? [], facts, src), v.projected.defaultMode ?? 0o644, fsGroup);
    } else if (v.emptyDir) {
      fs.mkdirSync(dir, { recursive: true });
      fs.chmodSync(dir, 0o777);
      if (fsGroup !== undefined) applyFsGroup(dir, fsGroup);
    } else if (v.persistentVolumeClaim) {
      out.push({ name: v.name, dir: claim(src.claimDir(v.persistentVolumeClaim.claimName), fsGroup) });
      continue;
    } else {
      throw new Error(`volume ${v.name}: unsupported source ${Object.keys(v).filter((k) => k !== 'name').join(', ')}`);
    }
    out.push({ name: v.name, dir });
  }
  return out;
}

function claim(dir: string, fsGroup: number | undefined): string {
  if (!fs.existsSync(dir)) {
    fs.mkdirSync(dir, { recursive: true });
    fs.chmodSync(dir, 0o777);
  }
  if (fsGroup !== undefined) applyFsGroup(dir, fsGroup);
  return dir;
}

/** fsGroup as the kubelet applies it to a fresh volume: group-owned by fsGroup, setgid, group-writable. */
function applyFsGroup(dir: string, gid: number): void {
  const st = fs.statSync(dir);
  if (st.gid === gid) return;
  fs.chownSync(dir, st.uid, gid);
  fs.chmodSync(dir, (st.mode & 0o777) | 0o2070);
}

interface FileItem { content: string; mode?: number }

function select(data: Record<string, string>, items: K8sObject[] | undefined): Record<string, FileItem> {
  if (!items) return Object.fromEntries(Object.entries(data).map(([k, v]) => [k, { content: v }]));
  const out: Record<string, FileItem> = {};
  for (const it of items) {
    if (!(it.key in data)) throw new Error(`volume item key "${it.key}" not in its ConfigMap/Secret (keys: ${Object.keys(data).join(', ')})`);
    out[it.path ?? it.key] = { content: data[it.key], mode: it.mode };
  }
  return out;
}

function downward(items: K8sObject[], facts: PodFacts): Record<string, FileItem> {
  const out: Record<string, FileItem> = {};
  for (const it of items) {
    if (!it.fieldRef) throw new Error(`downwardAPI item ${it.path}: only fieldRef is supported`);
    out[it.path] = { content: fieldRef(it.fieldRef.fieldPath, facts), mode: it.mode };
  }
  return out;
}

function projected(sources: K8sObject[], facts: PodFacts, src: VolumeSources): Record<string, FileItem> {
  let out: Record<string, FileItem> = {};
  for (const s of sources) {
    if (s.configMap) out = { ...out, ...select(src.configMapData(s.configMap.name, !!s.configMap.optional), s.configMap.items) };
    else if (s.secret) out = { ...out, ...select(src.secretData(s.secret.name, !!s.secret.optional), s.secret.items) };
    else if (s.downwardAPI) out = { ...out, ...downward(s.downwardAPI.items ?? [], facts) };
    else if (s.serviceAccountToken) out[s.serviceAccountToken.path] = { content: src.serviceAccountToken() };
    else throw new Error(`projected source ${Object.keys(s).join(', ')} is not supported`);
  }
  return out;
}

function writeFiles(dir: string, files: Record<string, FileItem>, defaultMode: number, fsGroup: number | undefined): void {
  fs.mkdirSync(dir, { recursive: true });
  fs.chmodSync(dir, 0o755);
  for (const [rel, item] of Object.entries(files)) {
    const file = path.join(dir, rel);
    if (!file.startsWith(dir + path.sep)) throw new Error(`volume file path "${rel}" escapes its volume`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, item.content);
    // With fsGroup the kubelet makes these read-only volumes group-readable (mode | 0440).
    fs.chmodSync(file, (item.mode ?? defaultMode) | (fsGroup !== undefined ? 0o440 : 0));
    if (fsGroup !== undefined) fs.chownSync(file, 0, fsGroup);
  }
}
