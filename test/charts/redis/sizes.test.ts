import { mebibytes, quantityBytes, redisBytes } from '../../../charts/redis/sizes';

describe('sizes', () => {
  test('Redis sizes: k/m/g are powers of 1000, kb/mb/gb of 1024, any case', () => {
    expect(redisBytes('512mb')).toBe(512 * 1024 ** 2);
    expect(redisBytes('2GB')).toBe(2 * 1024 ** 3);
    expect(redisBytes('1g')).toBe(1e9);
    expect(redisBytes('100')).toBe(100);
    expect(redisBytes('2Gi')).toBeUndefined();
    expect(redisBytes('1.5gb')).toBeUndefined();
  });

  test('Kubernetes quantities and the Mi rounding', () => {
    expect(quantityBytes('3Gi')).toBe(3 * 1024 ** 3);
    expect(quantityBytes('1.5Gi')).toBe(1.5 * 1024 ** 3);
    expect(quantityBytes('1G')).toBe(1e9);
    expect(mebibytes(1.5 * 1024 ** 3)).toBe('1536Mi');
  });
});
