import { parseGoDuration } from '../../../charts/nats/durations';

describe('parseGoDuration', () => {
  test.each([
    ['2m', 120_000_000_000n], ['168h', 604_800_000_000_000n], ['4320h', 15_552_000_000_000_000n], ['1h30m', 5_400_000_000_000n],
    ['1.5s', 1_500_000_000n], ['300ms', 300_000_000n], ['10us', 10_000n], ['0', 0n], ['0s', 0n],
    // both micro signs Go accepts: U+00B5 and the Greek mu U+03BC
    ['10\u00b5s', 10_000n], ['10\u03bcs', 10_000n],
  ])('%s = %s ns', (text, ns) => expect(parseGoDuration(text)).toBe(ns));
  test.each(['7d', '1y', '', 'h', '10', '1h 30m', '-5m', '3000000h', undefined])('%s is not a Go duration', (text) => {
    expect(parseGoDuration(text)).toBeUndefined();
  });
});
