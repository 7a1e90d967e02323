/**
 * Applies an environment override to a base spec: objects merge key by key, arrays and scalars
 * replace, `null` removes the key. Maps keyed by name (streams, topics, services) therefore
 * override one entry at a time, which keeps environment files to what actually differs.
 */
export function applyOverride<T>(base: T, override: unknown): T {
  if (override === undefined) return base;
  if (override === null) return undefined as T;
  if (!isPlainObject(base) || !isPlainObject(override)) return clone(override) as T;
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [key, value] of Object.entries(override)) {
    if (value === null) {
      delete out[key];
    } else {
      out[key] = applyOverride(out[key], value);
    }
  }
  return out as T;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function clone(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(clone);
  if (isPlainObject(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, clone(x)]));
  return v;
}
