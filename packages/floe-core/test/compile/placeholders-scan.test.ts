import { resolvePlaceholders, type RelationPart } from '../../src/compile/placeholders';

/** The regex resolvePlaceholders used to be; the scanner must match it exactly. */
const TOKEN = /\u0000(\d+)(?::(\w+))?\u0000/g;
function byRegex(text: string, resolve: (i: number, p: RelationPart) => string): string {
  if (!text.includes('\u0000')) return text;
  return text.replace(TOKEN, (_m, idx: string, part: string | undefined) => resolve(Number(idx), (part as RelationPart) ?? 'rendered'));
}

describe('resolvePlaceholders scanner', () => {
  const resolve = (i: number, p: RelationPart): string => `<${i}|${p}>`;

  it('resolves plain and attribute tokens', () => {
    expect(resolvePlaceholders('select * from \u000012\u0000 where \u00003:schema\u0000 x', resolve)).toBe('select * from <12|rendered> where <3|schema> x');
  });

  it('agrees with the regex on random strings of marks, digits, colons and words (2000 cases)', () => {
    const alphabet = ['\u0000', '\u0000', '1', '23', ':', 'schema', '_', 'a', ' ', '-', '\n'];
    let seed = 12345;
    const rnd = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    for (let c = 0; c < 2000; c++) {
      let s = '';
      const len = rnd(14);
      for (let i = 0; i < len; i++) s += alphabet[rnd(alphabet.length)];
      expect([s, resolvePlaceholders(s, resolve)]).toEqual([s, byRegex(s, resolve)]);
    }
  });
});
