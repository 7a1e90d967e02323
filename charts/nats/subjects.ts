/**
 * NATS subjects: dot-separated tokens; `*` matches exactly one token, `>` one or more and only
 * as the last token. JetStream refuses a stream whose subjects overlap another stream's (a
 * message may be stored once), and a consumer filter that is not inside its stream's subjects.
 */

export { isValidSubject } from '../lib/nats-access';

/** True when at least one concrete subject matches both patterns. */
export function subjectsOverlap(a: string, b: string): boolean {
  const x = a.split('.');
  const y = b.split('.');
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const s = x[i];
    const t = y[i];
    // '>' needs at least one token on the other side at this position
    if (s === '>') return t !== undefined;
    if (t === '>') return s !== undefined;
    if (s === undefined || t === undefined) return false;
    if (s !== t && s !== '*' && t !== '*') return false;
  }
  return true;
}

/** True when every subject `inner` matches is also matched by `outer`. */
export function subjectIsWithin(inner: string, outer: string): boolean {
  const x = inner.split('.');
  const y = outer.split('.');
  for (let i = 0; i < x.length; i++) {
    const o = y[i];
    if (o === undefined) return false;
    if (o === '>') return true;
    if (o === '*' ? x[i] === '>' : x[i] !== o) return false;
  }
  return x.length === y.length;
}
