/** dbt's `modules.itertools`: the finite iterators, as lists of tuples (templates loop over them or pipe them to `list`). */
import { bind, callable, int } from './args';
import { splitArgs } from '../runtime';
import { PyError, toList, tuple } from '../values';

/** Like `range()`, a bound on what one call may produce. */
const LIMIT = 1_000_000;

function items(v: unknown): unknown[] {
  return toList(v, true);
}

function guard(n: number, fn: string): void {
  if (n > LIMIT) throw new PyError(`itertools.${fn}() would produce ${n} items (more than 1,000,000)`);
}

function product(...args: unknown[]): unknown[] {
  const { positional, kwargs } = splitArgs(args);
  const repeat = int(kwargs.repeat ?? 1, 'repeat');
  const pools = positional.map(items);
  const all: unknown[][] = [];
  for (let r = 0; r < repeat; r++) all.push(...pools);
  guard(all.reduce((n, p) => n * p.length, 1), 'product');
  let out: unknown[][] = [[]];
  for (const pool of all) out = out.flatMap((prefix) => pool.map((x) => [...prefix, x]));
  return out.map((t) => tuple(t));
}

function combinations(pool: unknown[], r: number, withReplacement: boolean): unknown[] {
  const out: unknown[] = [];
  const pick = (start: number, chosen: unknown[]) => {
    if (chosen.length === r) {
      out.push(tuple([...chosen]));
      guard(out.length, 'combinations');
      return;
    }
    for (let i = start; i < pool.length; i++) pick(withReplacement ? i : i + 1, [...chosen, pool[i]]);
  };
  if (r >= 0) pick(0, []);
  return out;
}

function permutations(pool: unknown[], r: number): unknown[] {
  const out: unknown[] = [];
  const used = new Array<boolean>(pool.length).fill(false);
  const pick = (chosen: unknown[]) => {
    if (chosen.length === r) {
      out.push(tuple([...chosen]));
      guard(out.length, 'permutations');
      return;
    }
    for (let i = 0; i < pool.length; i++) {
      if (used[i]) continue;
      used[i] = true;
      pick([...chosen, pool[i]]);
      used[i] = false;
    }
  };
  if (r <= pool.length) pick([]);
  return out;
}

export function itertoolsModule(): Record<string, unknown> {
  return {
    product,
    chain: callable('chain', (...its: unknown[]) => its.flatMap(items), { from_iterable: (its: unknown) => items(its).flatMap(items) }),
    combinations: (...args: unknown[]) => {
      const a = bind('combinations', args, ['iterable', 'r']);
      return combinations(items(a.iterable), int(a.r, 'r'), false);
    },
    combinations_with_replacement: (...args: unknown[]) => {
      const a = bind('combinations_with_replacement', args, ['iterable', 'r']);
      return combinations(items(a.iterable), int(a.r, 'r'), true);
    },
    permutations: (...args: unknown[]) => {
      const a = bind('permutations', args, ['iterable', 'r'], { r: null });
      const pool = items(a.iterable);
      return permutations(pool, a.r === null ? pool.length : int(a.r, 'r'));
    },
    islice: (it: unknown, ...bounds: unknown[]) => {
      const list = items(it);
      const [start, stop, step] = bounds.length === 1 ? [0, bounds[0], 1] : [bounds[0] ?? 0, bounds[1], bounds[2] ?? 1];
      const end = stop === null || stop === undefined ? list.length : int(stop, 'stop');
      const out: unknown[] = [];
      for (let i = int(start, 'start'); i < Math.min(end, list.length); i += int(step, 'step')) out.push(list[i]);
      return out;
    },
    repeat: (...args: unknown[]) => {
      const a = bind('repeat', args, ['object', 'times'], { times: null });
      if (a.times === null) throw new PyError('itertools.repeat() without times never ends: give times');
      guard(int(a.times, 'times'), 'repeat');
      return Array.from({ length: Math.max(0, int(a.times, 'times')) }, () => a.object);
    },
    zip_longest: (...args: unknown[]) => {
      const { positional, kwargs } = splitArgs(args);
      const lists = positional.map(items);
      const n = Math.max(0, ...lists.map((l) => l.length));
      return Array.from({ length: n }, (_, i) => tuple(lists.map((l) => (i < l.length ? l[i] : kwargs.fillvalue ?? null))));
    },
  };
}
