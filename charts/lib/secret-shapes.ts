/**
 * Recognises secrets written as literals, by the key they sit under and by the shape of the value.
 * Only strings are judged: a Secret reference is an object, a Secret name (`tlsSecret: "edge-tls"`)
 * sits under a camelCase `...Secret` key that the name rule deliberately does not match.
 */

/** Keys whose string value is a credential: `password`, `DB_PASSWORD`, `stripe.api-key`, ... */
const SECRET_KEY = /(^|[_.-])(password|passwd|pwd|passphrase|secret|token|api[_-]?key|access[_-]?key|secret[_-]?key|private[_-]?key|client[_-]?secret|credentials?|dsn|connection[_-]?string|signing[_-]?key|encryption[_-]?key)$|^(apikey|accesskey|privatekey)$/i;

/** Value shapes of well-known credentials; the label names the kind in messages. */
const SECRET_VALUES: ReadonlyArray<{ label: string; pattern: RegExp }> = [
  { label: 'an AWS access key id', pattern: /\b(AKIA|ASIA)[0-9A-Z]{16}\b/ },
  { label: 'a PEM key or certificate', pattern: /-----BEGIN [A-Z0-9 ]+-----/ },
  { label: 'a GitHub token', pattern: /\b(gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{30,})/ },
  { label: 'a Slack token', pattern: /\bxox[abprs]-[A-Za-z0-9-]{10,}/ },
  { label: 'a Stripe live key', pattern: /\b[rs]k_live_[A-Za-z0-9]{16,}/ },
  { label: 'a Google API key', pattern: /\bAIza[0-9A-Za-z_-]{35}\b/ },
  { label: 'a JSON Web Token', pattern: /\beyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{10,}/ },
  // a password that is a Kubernetes env reference, `$(DB_PASSWORD)`, is filled in from a Secret at run time
  { label: 'a URL with a user and password', pattern: /\b[a-z][a-z0-9+.-]*:\/\/[^\s/:@]+:(?!\$[({])[^\s/@]+@/i },
];

/** Random-looking tokens: long, mixed character classes, high Shannon entropy per character. */
const TOKEN = /[A-Za-z0-9+/=_-]{20,}/g;
const MIN_ENTROPY_BITS = 3.8;

/** Why `value` under `key` looks like a secret, or undefined when it does not. */
export function secretReason(key: string, value: unknown): string | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  if (SECRET_KEY.test(key)) return `the key "${key}" names a credential`;
  const known = SECRET_VALUES.find((s) => s.pattern.test(value));
  if (known) return `the value looks like ${known.label}`;
  if ((value.match(TOKEN) ?? []).some(isRandomLooking)) return 'the value holds a random-looking token (high entropy)';
  return undefined;
}

/** Lower and upper case and digits together: names ("deltran-pg-backup-s3") and hex digests never have all three. */
function isRandomLooking(token: string): boolean {
  return /[a-z]/.test(token) && /[A-Z]/.test(token) && /[0-9]/.test(token) && entropyBits(token) >= MIN_ENTROPY_BITS;
}

/** Shannon entropy of the string's characters, bits per character. */
export function entropyBits(s: string): number {
  const counts = new Map<string, number>();
  for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) bits -= (n / s.length) * Math.log2(n / s.length);
  return bits;
}
