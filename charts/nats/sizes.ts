/**
 * Byte sizes as the NATS server reads them in nats.conf, and Kubernetes quantities, both as
 * exact integers (bigint: 200Gi of bytes is fine as a number, but sums and products are not
 * always). NATS follows its config parser (checked against nats-server 2.9 and 2.10): a bare
 * K/M/G/T is decimal, KB/MB/GB/TB and the Ki/KiB forms are binary, case-insensitive.
 */

const NATS_UNITS: Record<string, bigint> = {
  '': 1n,
  k: 1000n, kb: 1024n, ki: 1024n, kib: 1024n,
  m: 1000n ** 2n, mb: 1024n ** 2n, mi: 1024n ** 2n, mib: 1024n ** 2n,
  g: 1000n ** 3n, gb: 1024n ** 3n, gi: 1024n ** 3n, gib: 1024n ** 3n,
  t: 1000n ** 4n, tb: 1024n ** 4n, ti: 1024n ** 4n, tib: 1024n ** 4n,
};

/** Largest value of a Go int64, the type of every JetStream byte limit. */
export const INT64_MAX = 2n ** 63n - 1n;

/** "1GB" -> 1073741824n; undefined when the text is not a NATS size. */
export function parseNatsSize(text: unknown): bigint | undefined {
  if (typeof text !== 'string') return undefined;
  const m = /^([0-9]+)\s*([a-zA-Z]*)$/.exec(text.trim());
  if (!m) return undefined;
  const unit = NATS_UNITS[m[2].toLowerCase()];
  return unit === undefined ? undefined : BigInt(m[1]) * unit;
}

const QUANTITY_UNITS: Record<string, bigint> = {
  '': 1n,
  k: 1000n, M: 1000n ** 2n, G: 1000n ** 3n, T: 1000n ** 4n, P: 1000n ** 5n, E: 1000n ** 6n,
  Ki: 1024n, Mi: 1024n ** 2n, Gi: 1024n ** 3n, Ti: 1024n ** 4n, Pi: 1024n ** 5n, Ei: 1024n ** 6n,
};

/** Kubernetes quantity of bytes ("20Gi", "512M", "1000") -> bytes, rounded down; undefined otherwise. */
export function parseQuantityBytes(text: unknown): bigint | undefined {
  if (typeof text !== 'string') return undefined;
  const m = /^([0-9]+)(?:\.([0-9]+))?([a-zA-Z]*)$/.exec(text);
  if (!m) return undefined;
  const unit = QUANTITY_UNITS[m[3]];
  if (unit === undefined) return undefined;
  const fraction = m[2] ?? '';
  const scale = 10n ** BigInt(fraction.length);
  return (BigInt(m[1] + fraction) * unit) / scale;
}

/** A memory size written either way ("1Gi" or "1GB"); both notations agree where they overlap. */
export function parseMemorySize(text: unknown): bigint | undefined {
  return parseQuantityBytes(text) ?? parseNatsSize(text);
}

/** Bytes for messages: "96636764160 bytes (90 GiB)". */
export function describeBytes(bytes: bigint): string {
  const gib = Number(bytes) / 1024 ** 3;
  return `${bytes} bytes (${gib >= 1 ? `${+gib.toFixed(2)} GiB` : `${+(Number(bytes) / 1024 ** 2).toFixed(2)} MiB`})`;
}
