import { createHash } from 'crypto';
import { K8sObject, Manifests } from './manifests';

/**
 * Secret values the live tests use in place of the Secrets a platform team creates outside Git.
 * A password-like key gets a deterministic random-looking value; `overrides` ("secret/key" ->
 * value) replace single keys, e.g. for a test that needs a known or a wrong value.
 */
export class SecretFixtures {
  private readonly referenced = new Map<string, Set<string>>();

  constructor(manifests: Manifests, private readonly overrides: Record<string, string> = {}) {
    for (const o of manifests.objects) collectSecretRefs(o, this.referenced);
    for (const k of Object.keys(overrides)) {
      const [secret, key] = splitRef(k);
      addRef(this.referenced, secret, key);
    }
  }

  value(secret: string, key: string): string {
    const override = this.overrides[`${secret}/${key}`];
    if (override !== undefined) return override;
    return `lv${createHash('sha256').update(`${secret}/${key}`).digest('hex').slice(0, 22)}`;
  }

  /** Every key of a Secret: those the manifests reference plus the overrides. */
  keys(secret: string): string[] {
    return [...(this.referenced.get(secret) ?? [])].sort();
  }

  /** The whole Secret as key -> value, for Secret volumes and envFrom. */
  data(secret: string): Record<string, string> {
    const keys = this.keys(secret);
    if (keys.length === 0) {
      throw new Error(`Secret "${secret}" is mounted or loaded whole but no key of it is referenced anywhere; add its keys as fixture overrides ("${secret}/<key>")`);
    }
    return Object.fromEntries(keys.map((k) => [k, this.value(secret, k)]));
  }
}

function splitRef(ref: string): [string, string] {
  const slash = ref.indexOf('/');
  if (slash < 0) throw new Error(`fixture override "${ref}" must be "secret/key"`);
  return [ref.slice(0, slash), ref.slice(slash + 1)];
}

function addRef(m: Map<string, Set<string>>, secret: string, key: string): void {
  if (!m.has(secret)) m.set(secret, new Set());
  m.get(secret)!.add(key);
}

/** Walks an object for secretKeyRef and secret volume items so the keys of external Secrets are known. */
function collectSecretRefs(node: unknown, out: Map<string, Set<string>>): void {
  if (Array.isArray(node)) {
    for (const n of node) collectSecretRefs(n, out);
    return;
  }
  if (!node || typeof node !== 'object') return;
  const o = node as K8sObject;
  if (o.secretKeyRef?.name && o.secretKeyRef?.key) addRef(out, o.secretKeyRef.name, o.secretKeyRef.key);
  const vol = o.secret;
  if (vol && typeof vol === 'object' && Array.isArray(vol.items)) {
    const name = vol.secretName ?? vol.name;
    if (name) for (const it of vol.items) addRef(out, name, it.key);
  }
  for (const v of Object.values(o)) collectSecretRefs(v, out);
}
