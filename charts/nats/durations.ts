/**
 * Go durations (time.ParseDuration syntax: "168h", "1h30m", "1.5s", "0") as exact nanoseconds.
 * NACK passes these strings to Go unchanged; the JetStream API wants the nanoseconds.
 */
const UNIT_NANOS: Record<string, bigint> = {
  ns: 1n, us: 1000n, 'µs': 1000n, 'μs': 1000n, ms: 1000000n, s: 1000000000n, m: 60000000000n, h: 3600000000000n,
};

// µ as an escape: the synth bundle stays ASCII (synth/bundle.ts)
const SEGMENT = /([0-9]*)(?:\.([0-9]*))?(ns|us|\u00b5s|\u03bcs|ms|s|m|h)/y;

/** Nanoseconds of a non-negative Go duration; undefined when Go would reject it or it overflows int64. */
export function parseGoDuration(text: unknown): bigint | undefined {
  if (typeof text !== 'string' || text === '') return undefined;
  if (text === '0') return 0n;
  let total = 0n;
  SEGMENT.lastIndex = 0;
  let pos = 0;
  while (pos < text.length) {
    SEGMENT.lastIndex = pos;
    const m = SEGMENT.exec(text);
    if (!m || (m[1] === '' && (m[2] ?? '') === '')) return undefined;
    const fraction = m[2] ?? '';
    const unit = UNIT_NANOS[m[3]];
    total += BigInt(m[1] || '0') * unit + (BigInt(fraction || '0') * unit) / 10n ** BigInt(fraction.length);
    pos = SEGMENT.lastIndex;
  }
  return total <= 2n ** 63n - 1n ? total : undefined;
}
