import { randomBytes } from 'crypto';
import type { KubernetesObject } from './client';

/** A Secret the manifests use but do not define: the platform team creates it before the first sync. */
export interface SecretReference {
  readonly namespace: string;
  readonly name: string;
  readonly type: 'generic' | 'tls';
  /** The keys read from it (`password` when nothing names a key). */
  readonly keys: string[];
}

/**
 * Secrets the objects reference but nobody creates: env secretKeyRef, envFrom secretRef, secret
 * volumes and projections, and `secretName` fields of custom resources. Secrets defined in the
 * manifests, those Strimzi's User Operator writes (named after each KafkaUser) and Strimzi's CA
 * Secrets are left to their owners.
 */
export function referencedSecrets(objects: readonly KubernetesObject[]): SecretReference[] {
  const defined = new Set<string>();
  const strimziPrefixes: string[] = [];
  for (const object of objects) {
    const id = `${object.metadata?.namespace ?? ''}/${object.metadata?.name}`;
    if (object.kind === 'Secret' || object.kind === 'KafkaUser') defined.add(id);
    if (object.kind === 'Kafka') strimziPrefixes.push(`${id}-`);
  }
  const found = new Map<string, { namespace: string; name: string; keys: Set<string> }>();
  const add = (namespace: string, name: unknown, key?: unknown) => {
    if (typeof name !== 'string' || !name) return;
    const id = `${namespace}/${name}`;
    if (!found.has(id)) found.set(id, { namespace, name, keys: new Set() });
    if (typeof key === 'string' && key) found.get(id)!.keys.add(key);
  };
  const walk = (node: unknown, namespace: string, parentKey: string): void => {
    if (Array.isArray(node)) {
      node.forEach((n) => walk(n, namespace, parentKey));
      return;
    }
    if (!node || typeof node !== 'object') return;
    const o = node as Record<string, any>;
    if (parentKey === 'secretKeyRef') add(namespace, o.name, o.key);
    if (parentKey === 'secretRef' && typeof o.name === 'string') add(namespace, o.name);
    if (parentKey === 'secret' && (o.secretName || o.name)) {
      const name = o.secretName || o.name;
      add(namespace, name);
      for (const item of o.items ?? []) add(namespace, name, item.key);
    } else if (typeof o.secretName === 'string') {
      add(namespace, o.secretName);
      for (const k of ['key', 'password', 'certificate']) if (typeof o[k] === 'string') add(namespace, o.secretName, o[k]);
    }
    for (const [k, v] of Object.entries(o)) walk(v, namespace, k);
  };
  for (const object of objects) walk(object, object.metadata?.namespace ?? '', '');
  return [...found.values()]
    .filter((s) => !defined.has(`${s.namespace}/${s.name}`))
    .filter((s) => !strimziPrefixes.some((p) => `${s.namespace}/${s.name}`.startsWith(p) && /-ca(-cert)?$/.test(s.name)))
    .map((s): SecretReference => {
      const keys = [...s.keys].sort();
      const tls = keys.includes('tls.crt') || keys.includes('tls.key') || (keys.length === 0 && /tls/.test(s.name));
      return { namespace: s.namespace, name: s.name, type: tls ? 'tls' : 'generic', keys: tls ? ['tls.crt', 'tls.key'] : (keys.length ? keys : ['password']) };
    })
    .sort((a, b) => `${a.namespace}/${a.name}`.localeCompare(`${b.namespace}/${b.name}`));
}

/** 32 random alphanumeric characters: a test cluster's password, never a real one. */
export function randomValue(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  return [...randomBytes(32)].map((b) => alphabet[b % alphabet.length]).join('');
}

/** A generic Secret with a random value under each key. */
export function randomSecret(ref: SecretReference): KubernetesObject {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: ref.name, namespace: ref.namespace, labels: { 'app.kubernetes.io/managed-by': 'platform-test' } },
    type: 'Opaque',
    stringData: Object.fromEntries(ref.keys.map((k) => [k, randomValue()])),
  };
}
