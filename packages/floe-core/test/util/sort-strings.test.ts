import { sortStrings } from '../../src/util/sort-strings';

describe('sortStrings', () => {
  test('gives what Array#sort gives, in place, for sorted, short, long and duplicate lists', () => {
    const letters = 'bAa_9Zé';
    let seed = 7;
    const rand = () => (seed = (seed * 48271) % 2147483647);
    for (let n = 0; n < 300; n++) {
      const len = n % 40;
      const list = Array.from({ length: len }, () => Array.from({ length: 1 + (rand() % 3) }, () => letters[rand() % letters.length]).join(''));
      if (n % 5 === 0) list.sort();
      const expected = [...list].sort();
      const result = sortStrings(list);
      expect(result).toBe(list);
      expect(result).toEqual(expected);
    }
  });
});
