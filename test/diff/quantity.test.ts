import { parseQuantity } from '../../diff/quantity';

test.each([
  ['20Gi', 20 * 2 ** 30],
  ['1.5Ti', 1.5 * 2 ** 40],
  ['500M', 5e8],
  ['100m', 0.1],
  ['1e9', 1e9],
  ['42', 42],
  [42, 42],
])('parseQuantity(%p)', (input, expected) => {
  expect(parseQuantity(input)).toBeCloseTo(expected);
});

test.each([['20GB'], ['abc'], [''], [undefined], [{}]])('not a quantity: %p', (input) => {
  expect(parseQuantity(input)).toBeUndefined();
});
