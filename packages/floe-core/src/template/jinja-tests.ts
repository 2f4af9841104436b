/** Jinja tests (`x is defined`, `n is divisibleby 3` ...). */
import { isDict, isUndef, JINJA_MAPPING, pyCmp, pyEq, pyIn } from './values';

export type TestFn = (v: unknown, args: unknown[]) => boolean;

const isIterable = (v: unknown): boolean => typeof v === 'string' || Array.isArray(v) || isDict(v) || v instanceof Map || v instanceof Set;

export const TESTS: Record<string, TestFn> = {
  defined: (v) => !isUndef(v),
  undefined: (v) => isUndef(v),
  none: (v) => v === null,
  string: (v) => typeof v === 'string',
  number: (v) => typeof v === 'number',
  integer: (v) => typeof v === 'number' && Number.isInteger(v),
  float: (v) => typeof v === 'number' && !Number.isInteger(v),
  boolean: (v) => typeof v === 'boolean',
  true: (v) => v === true,
  false: (v) => v === false,
  mapping: (v) => isDict(v) || v instanceof Map || (typeof v === 'object' && v !== null && (v as Record<symbol, unknown>)[JINJA_MAPPING] === true),
  iterable: isIterable,
  sequence: (v) => typeof v === 'string' || Array.isArray(v) || isDict(v),
  callable: (v) => typeof v === 'function' || (typeof v === 'object' && v !== null && 'invoke' in v),
  odd: (v) => Number(v) % 2 === 1 || Number(v) % 2 === -1,
  even: (v) => Number(v) % 2 === 0,
  divisibleby: (v, a) => Number(v) % Number(a[0]) === 0,
  lower: (v) => typeof v === 'string' && v === v.toLowerCase(),
  upper: (v) => typeof v === 'string' && v === v.toUpperCase(),
  sameas: (v, a) => v === a[0],
  escaped: () => false,
  in: (v, a) => pyIn(v, a[0]),
  eq: (v, a) => pyEq(v, a[0]),
  equalto: (v, a) => pyEq(v, a[0]),
  '==': (v, a) => pyEq(v, a[0]),
  ne: (v, a) => !pyEq(v, a[0]),
  '!=': (v, a) => !pyEq(v, a[0]),
  lt: (v, a) => pyCmp(v, a[0], '<') < 0,
  lessthan: (v, a) => pyCmp(v, a[0], '<') < 0,
  '<': (v, a) => pyCmp(v, a[0], '<') < 0,
  le: (v, a) => pyCmp(v, a[0], '<=') <= 0,
  '<=': (v, a) => pyCmp(v, a[0], '<=') <= 0,
  gt: (v, a) => pyCmp(v, a[0], '>') > 0,
  greaterthan: (v, a) => pyCmp(v, a[0], '>') > 0,
  '>': (v, a) => pyCmp(v, a[0], '>') > 0,
  ge: (v, a) => pyCmp(v, a[0], '>=') >= 0,
  '>=': (v, a) => pyCmp(v, a[0], '>=') >= 0,
};
