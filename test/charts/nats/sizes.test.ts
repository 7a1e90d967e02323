import { describeBytes, parseMemorySize, parseNatsSize, parseQuantityBytes } from '../../../charts/nats/sizes';

describe('parseNatsSize follows the nats.conf parser (GB is 1024^3, G is 10^9)', () => {
  test.each([
    ['1GB', 1073741824n], ['50GB', 53687091200n], ['1G', 1000000000n], ['1gb', 1073741824n], ['1Gi', 1073741824n],
    ['1GiB', 1073741824n], ['512MB', 536870912n], ['1K', 1000n], ['1KB', 1024n], ['1T', 10n ** 12n], ['1TB', 1024n ** 4n], ['4096', 4096n],
  ])('%s = %s bytes', (text, bytes) => expect(parseNatsSize(text)).toBe(bytes));
  test.each(['1.5GB', 'GB', '1 PB', '-1GB', '1XB', '', undefined])('%s is not a size', (text) => expect(parseNatsSize(text)).toBeUndefined());
});

describe('parseQuantityBytes', () => {
  test.each([['10Gi', 10737418240n], ['200Gi', 214748364800n], ['512Mi', 536870912n], ['1G', 1000000000n], ['1.5Gi', 1610612736n], ['1000', 1000n]])(
    '%s = %s', (q, bytes) => expect(parseQuantityBytes(q)).toBe(bytes));
  test.each(['1GB', 'ten', ''])('%s is not a byte quantity', (q) => expect(parseQuantityBytes(q)).toBeUndefined());
});

test('memory sizes accept both notations', () => {
  expect(parseMemorySize('1Gi')).toBe(1073741824n);
  expect(parseMemorySize('1GB')).toBe(1073741824n);
});

test('describeBytes names the binary unit', () => {
  expect(describeBytes(80530636800n)).toBe('80530636800 bytes (75 GiB)');
});
