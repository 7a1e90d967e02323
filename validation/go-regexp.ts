import { GO_REGEXP_MODULE } from './lazy-ajv';

/**
 * Ajv `code.regExp` engine for CRD `pattern`s, which are Go (RE2) regular expressions.
 *
 * Most RE2 syntax is valid JavaScript; the common exception is a leading `(?i)` flag group (also
 * written `^(?i)...`, as in the Prometheus Operator CRDs), which becomes the `i` flag. Anything JavaScript still cannot compile (other inline flags, RE2-only
 * classes) matches everything: a pattern we cannot evaluate must not turn into a false violation.
 */

interface RegExpLike {
  test(s: string): boolean;
}

const MATCH_ALL: RegExpLike = { test: () => true };

/** Patterns that fell back to match-all, for diagnostics; never reported as violations. */
export const uncompilablePatterns = new Set<string>();

export function goRegExp(pattern: string, flags: string): RegExpLike {
  let source = pattern;
  let f = flags;
  const inline = /^(\^?)\(\?i\)/.exec(source);
  if (inline) {
    source = inline[1] + source.slice(inline[0].length);
    f += 'i';
  }
  try {
    return new RegExp(source, f);
  } catch {
    // the `u` flag rejects identity escapes such as `\-` that RE2 accepts; retry without it
    try {
      return new RegExp(source, f.replace('u', ''));
    } catch {
      uncompilablePatterns.add(pattern);
      return MATCH_ALL;
    }
  }
}
// how generated validator modules (see lazy-ajv.ts) obtain this engine when loaded from the code cache
goRegExp.code = `require(${JSON.stringify(GO_REGEXP_MODULE)}).goRegExp`;
