/** The closest candidate by edit distance, if it is close enough to be a plausible typo. */
export function didYouMean(input: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestScore = Infinity;
  const limit = Math.max(2, Math.floor(input.length / 3));
  for (const c of candidates) {
    if (Math.abs(c.length - input.length) > limit) continue;
    const d = levenshtein(input.toLowerCase(), c.toLowerCase(), limit);
    if (d < bestScore) {
      bestScore = d;
      best = c;
    }
  }
  return bestScore <= limit ? best : undefined;
}

function levenshtein(a: string, b: string, max: number): number {
  if (a === b) return 0;
  let prev = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    const cur = new Array<number>(b.length + 1);
    cur[0] = i;
    let rowMin = cur[0];
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (cur[j]! < rowMin) rowMin = cur[j]!;
    }
    if (rowMin > max) return max + 1;
    prev = cur;
  }
  return prev[b.length]!;
}
