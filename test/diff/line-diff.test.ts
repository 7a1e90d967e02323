import { unifiedLineDiff } from '../../diff/line-diff';

describe('unifiedLineDiff', () => {
  test('one changed line with two lines of context', () => {
    const before = ['a', 'b', 'c', 'd', 'e', 'f', 'g'].join('\n');
    const after = ['a', 'b', 'c', 'D', 'e', 'f', 'g'].join('\n');
    expect(unifiedLineDiff(before, after)).toEqual(['@@ -2,5 +2,5 @@', ' b', ' c', '-d', '+D', ' e', ' f']);
  });

  test('distant changes give separate hunks; insertions count lines correctly', () => {
    const before = Array.from({ length: 20 }, (_, i) => `l${i}`);
    const after = [...before];
    after[1] = 'X';
    after.splice(15, 0, 'new');
    const hunks = unifiedLineDiff(before.join('\n'), after.join('\n')).filter((l) => l.startsWith('@@'));
    expect(hunks).toEqual(['@@ -1,4 +1,4 @@', '@@ -14,4 +14,5 @@']);
  });

  test('identical text gives no hunks', () => {
    expect(unifiedLineDiff('a\nb', 'a\nb')).toEqual([]);
  });
});
