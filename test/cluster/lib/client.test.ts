import { splitWarnings } from '../../../cluster/lib/client';

describe('splitWarnings', () => {
  test('splits a Warning header into its texts', () => {
    expect(splitWarnings(undefined)).toEqual([]);
    expect(splitWarnings('299 - "one", 299 - "two, with a comma"')).toEqual(['one', 'two, with a comma']);
    expect(splitWarnings('299 - "a \\"quoted\\" word"')).toEqual(['a "quoted" word']);
  });
});
