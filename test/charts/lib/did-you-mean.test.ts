import { closest, editDistance } from '../../../charts/lib/did-you-mean';

describe('did you mean', () => {
  test('edit distance counts inserts, deletes and substitutions, ignoring case', () => {
    expect(editDistance('talkTo', 'talksTo')).toBe(1);
    expect(editDistance('replicaz', 'replicas')).toBe(1);
    expect(editDistance('REPLICAS', 'replicas')).toBe(0);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });

  test('suggests the closest key only when it is a plausible typo', () => {
    expect(closest('talkTo', ['image', 'talksTo', 'ports'])).toBe('talksTo');
    expect(closest('memoryLimt', ['memoryLimit', 'memoryRequest'])).toBe('memoryLimit');
    expect(closest('flavour', ['image', 'talksTo', 'ports'])).toBeUndefined();
    expect(closest('x', [])).toBeUndefined();
  });
});
