import { applyOverride } from '../../../charts/lib/merge';

describe('applyOverride', () => {
  const base = { a: 1, nested: { x: 1, y: 2 }, list: [1, 2], map: { one: { size: '1Gi', cls: 'gp3' } } };

  test('merges objects key by key and replaces scalars', () => {
    expect(applyOverride(base, { nested: { y: 3 } })).toEqual({ ...base, nested: { x: 1, y: 3 } });
  });

  test('replaces arrays wholesale', () => {
    expect(applyOverride(base, { list: [9] }).list).toEqual([9]);
  });

  test('null removes a key', () => {
    expect(applyOverride(base, { nested: null })).not.toHaveProperty('nested');
    expect(applyOverride(base, { map: { one: { cls: null } } }).map.one).toEqual({ size: '1Gi' });
  });

  test('adds new map entries and leaves the base untouched', () => {
    const out = applyOverride(base, { map: { two: { size: '2Gi' } } });
    expect(Object.keys(out.map)).toEqual(['one', 'two']);
    expect(Object.keys(base.map)).toEqual(['one']);
  });

  test('an undefined override returns the base', () => {
    expect(applyOverride(base, undefined)).toBe(base);
  });
});
