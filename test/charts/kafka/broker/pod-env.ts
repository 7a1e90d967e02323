import { mkdirSync, writeFileSync } from 'fs';
import { dirname, join } from 'path';
import { K8sObject } from '../../../helpers';

/** Secrets by name, each a map of key to (decoded) value. */
export type SecretStore = Record<string, Record<string, string>>;

/**
 * The environment a kubelet would give a container of a synthesized pod: plain values with
 * `$(VAR)` expanded from the variables before them, Secret keys looked up (a missing Secret or key
 * fails, as the kubelet refuses to start the container). The container's Secret volumes are
 * written under `root`, and values naming a file under a mount point are moved there with them.
 * Secrets of other components (`otherComponent(name)`) get a placeholder value: their wiring is
 * not what the caller proves.
 */
export function podEnvironment(podSpec: K8sObject, containerName: string, secrets: SecretStore, root: string,
  otherComponent: (secret: string) => boolean = () => false): Record<string, string> {
  const container = podSpec.containers.find((c: K8sObject) => c.name === containerName);
  if (!container) throw new Error(`no container ${containerName}`);
  const mounts: string[] = [];
  for (const m of container.volumeMounts ?? []) {
    const volume = (podSpec.volumes ?? []).find((v: K8sObject) => v.name === m.name);
    if (!volume?.secret) continue;
    const data = secretOf(secrets, volume.secret.secretName);
    const items: Array<{ key: string; path: string }> = volume.secret.items ?? Object.keys(data).map((key) => ({ key, path: key }));
    for (const item of items) {
      if (!(item.key in data)) throw new Error(`Secret ${volume.secret.secretName} has no key ${item.key} (volume ${m.name})`);
      const file = join(root, m.mountPath, item.path);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, data[item.key]);
    }
    mounts.push(m.mountPath);
  }
  const env: Record<string, string> = {};
  for (const v of container.env ?? []) {
    if (v.valueFrom) {
      const ref = v.valueFrom.secretKeyRef;
      if (!ref) throw new Error(`${v.name}: only secretKeyRef is resolved here`);
      if (!(ref.name in secrets) && otherComponent(ref.name)) {
        env[v.name] = `placeholder for ${ref.name}/${ref.key}`;
        continue;
      }
      const data = secretOf(secrets, ref.name);
      if (!(ref.key in data)) throw new Error(`${v.name}: Secret ${ref.name} has no key ${ref.key}`);
      env[v.name] = data[ref.key];
    } else {
      const value = String(v.value ?? '').replace(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (whole, ref: string) => env[ref] ?? whole);
      env[v.name] = mounts.some((m) => value.startsWith(`${m}/`)) ? join(root, value) : value;
    }
  }
  return env;
}

function secretOf(secrets: SecretStore, name: string): Record<string, string> {
  const data = secrets[name];
  if (!data) throw new Error(`Secret ${name} does not exist (the container would not start)`);
  return data;
}
