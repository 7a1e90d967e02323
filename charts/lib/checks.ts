import { parseQuantity } from '../../diff/quantity';
import { AllowedLiteral, ResourcesSpec, SecretKeyRef } from '../spec';
import { joinPath, ProblemCollector } from './errors';
import { secretReason } from './secret-shapes';

/** Reusable spec checks; each adds a problem with a concrete fix instead of throwing. */

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
// µ as an escape: the synth bundle stays ASCII (synth/bundle.ts)
const GO_DURATION = /^([0-9]+(\.[0-9]+)?(ns|us|\u00b5s|ms|s|m|h))+$/;

export function checkDnsLabel(c: ProblemCollector, path: string, value: unknown, maxLength = 63): void {
  if (typeof value !== 'string' || value.length > maxLength || !DNS1123_LABEL.test(value)) {
    c.add(path, value, `a DNS-1123 label (lowercase letters, digits and '-', starting and ending alphanumeric, at most ${maxLength} characters)`,
      `rename it, e.g. "${suggestLabel(value)}"`);
  }
}

export function checkDnsSubdomain(c: ProblemCollector, path: string, value: unknown): void {
  if (typeof value !== 'string' || value.length > 253 || !DNS1123_SUBDOMAIN.test(value)) {
    c.add(path, value, 'a DNS-1123 subdomain (lowercase alphanumerics, \'-\' and \'.\')', `rename it, e.g. "${suggestLabel(value)}"`);
  }
}

export function checkInt(c: ProblemCollector, path: string, value: unknown, min: number, max = Number.MAX_SAFE_INTEGER, fix?: string): void {
  if (value === undefined) return;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `an integer >= ${min}` : `an integer from ${min} to ${max}`;
    c.add(path, value, range, fix ?? `set ${path.split('.').pop()} to ${range}`);
  }
}

export function checkQuantity(c: ProblemCollector, path: string, value: unknown): void {
  if (value === undefined) return;
  if (typeof value !== 'string' || parseQuantity(value) === undefined) {
    c.add(path, value, 'a Kubernetes quantity such as "512Mi", "20Gi" or "250m"', 'write the size with a binary suffix, e.g. "20Gi"');
  }
}

export function checkDuration(c: ProblemCollector, path: string, value: unknown): void {
  if (value === undefined) return;
  if (typeof value !== 'string' || !GO_DURATION.test(value)) {
    c.add(path, value, 'a Go duration such as "30s", "10m" or "168h"', 'write days as hours, e.g. 7 days = "168h"');
  }
}

export function checkOneOf<T>(c: ProblemCollector, path: string, value: unknown, allowed: readonly T[]): void {
  if (value === undefined) return;
  if (!allowed.includes(value as T)) {
    c.add(path, value, `one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}`, 'pick one of the listed values');
  }
}

/**
 * Guards the rule that secrets are referenced, never written: a string under a credential-like key
 * or with a credential-like value (see secret-shapes.ts). `allowed` lets named paths through with
 * a stated reason; an allowance that matches no flagged string is reported, so none goes stale.
 */
export function checkNoLiteralSecrets(c: ProblemCollector, path: string, value: unknown, allowed: readonly AllowedLiteral[] = []): void {
  const used = new Set<string>();
  const walk = (at: string, node: unknown) => {
    if (node === null || typeof node !== 'object') return;
    for (const [key, child] of Object.entries(node as Record<string, unknown>)) {
      // a service's envNames map variable names to variable names (e.g. KAFKA_SASL_PASSWORD -> KAFKA_PASS)
      if (key === 'envNames' && /(^|\.)services\.[^.]+$/.test(at)) continue;
      const childPath = joinPath(at, [key]);
      const reason = secretReason(key, child);
      if (!reason) {
        walk(childPath, child);
      } else if (allowed.some((a) => a.path === childPath)) {
        used.add(childPath);
      } else {
        c.add(childPath, '<redacted literal>', `a Secret reference {name, key}, not a literal (${reason})`,
          `create a Kubernetes Secret outside Git and reference it by name and key; if it is no secret, list it in allowedLiterals: [{ path: "${childPath}", reason: "..." }]`);
      }
    }
  };
  walk(path, value);
  allowed.forEach((a, i) => {
    if (!used.has(a.path)) {
      c.add(`allowedLiterals[${i}].path`, a.path, 'the spec path of a string the literal-secret check flags', 'correct the path (copy it from the error message) or remove the entry');
    }
  });
}

const LIMIT_PAIRS = [['cpuRequest', 'cpuLimit'], ['memoryRequest', 'memoryLimit']] as const;

/**
 * Every ResourcesSpec anywhere in the spec (found by its keys, so new fields are covered):
 * Kubernetes refuses a container whose limit is below its request.
 */
export function checkLimitsAgainstRequests(c: ProblemCollector, path: string, value: unknown): void {
  if (value === null || typeof value !== 'object') return;
  const node = value as Record<string, unknown>;
  for (const [requestKey, limitKey] of LIMIT_PAIRS) {
    const request = parseQuantity(node[requestKey]);
    const limit = parseQuantity(node[limitKey]);
    if (request !== undefined && limit !== undefined && typeof node[requestKey] === 'string' && limit < request) {
      c.add(joinPath(path, [limitKey]), node[limitKey], `at least ${requestKey} (${node[requestKey]}): Kubernetes refuses a limit below the request`,
        `raise ${limitKey} to ${node[requestKey]} or more, or lower ${requestKey}`);
    }
  }
  for (const [key, child] of Object.entries(node)) checkLimitsAgainstRequests(c, joinPath(path, [key]), child);
}

function suggestLabel(value: unknown): string {
  const s = String(value ?? 'name').toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '');
  return s.slice(0, 63) || 'name';
}

export function checkUrl(c: ProblemCollector, path: string, value: unknown): void {
  if (typeof value !== 'string' || !/^(https:\/\/|ssh:\/\/|git@)[^\s]+$/.test(value)) {
    c.add(path, value, 'a Git repository URL (https://..., ssh://... or git@host:org/repo.git)', 'use the clone URL of the repository that holds dist/');
  }
}

/** Every quantity of a ResourcesSpec. */
export function checkResources(c: ProblemCollector, path: string, res: ResourcesSpec | undefined): void {
  if (!res) return;
  checkQuantity(c, `${path}.cpuRequest`, res.cpuRequest);
  checkQuantity(c, `${path}.cpuLimit`, res.cpuLimit);
  checkQuantity(c, `${path}.memoryRequest`, res.memoryRequest);
  checkQuantity(c, `${path}.memoryLimit`, res.memoryLimit);
}

/** A `{ name, key }` Secret reference; a string in its place is a literal secret and is never echoed. */
export function checkSecretRef(c: ProblemCollector, path: string, ref: unknown): void {
  const r = ref as SecretKeyRef | undefined;
  if (!r || typeof r !== 'object' || typeof r.name !== 'string' || typeof r.key !== 'string' || r.key === '') {
    c.add(path, typeof ref === 'string' ? '<redacted literal>' : ref, 'a Secret reference { name, key }',
      'create the Secret outside Git (e.g. kubectl create secret generic db-superuser --from-literal=password=...) and reference it, e.g. { name: "db-superuser", key: "password" }');
    return;
  }
  checkDnsSubdomain(c, `${path}.name`, r.name);
  if (!/^[-._a-zA-Z0-9]+$/.test(r.key)) c.add(`${path}.key`, r.key, 'a Secret key (letters, digits, "-", "_" or ".")', 'use the key exactly as it is in the Secret, e.g. "password"');
}
