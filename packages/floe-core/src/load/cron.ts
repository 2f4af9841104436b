/** One problem in a cron expression: a message and the character offset it points at. */
export interface CronProblem {
  message: string;
  offset: number;
}

const FIELDS = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'], base: 1 },
  { name: 'day of week', min: 0, max: 7, names: ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'], base: 0 },
] as const;

/** Shorthands that cron, Dagster and Airflow all understand. */
const MACROS = new Set(['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly']);

/**
 * Checks a 5-field cron expression: ranges, lists, steps, month and weekday
 * names. Returns the first problem, or undefined when it is valid.
 */
export function checkCron(expr: string): CronProblem | undefined {
  if (MACROS.has(expr.trim())) return undefined;
  const parts: { text: string; offset: number }[] = [];
  const re = /\S+/g;
  for (let m = re.exec(expr); m; m = re.exec(expr)) parts.push({ text: m[0], offset: m.index });
  if (parts.length !== 5) {
    return { message: `cron "${expr}" has ${parts.length} field${parts.length === 1 ? '' : 's'}; it needs 5 (minute hour day-of-month month day-of-week)`, offset: 0 };
  }
  for (let f = 0; f < 5; f++) {
    const spec = FIELDS[f]!;
    const part = parts[f]!;
    let offset = part.offset;
    for (const item of part.text.split(',')) {
      const problem = checkItem(item, spec);
      if (problem) return { message: `cron field ${f + 1} (${spec.name}): ${problem}`, offset };
      offset += item.length + 1;
    }
  }
  return undefined;
}

function checkItem(item: string, spec: (typeof FIELDS)[number]): string | undefined {
  if (item === '') return 'empty list item';
  const [range, step, extra] = item.split('/');
  if (extra !== undefined) return `"${item}" has more than one "/"`;
  if (step !== undefined && !/^[1-9][0-9]*$/.test(step)) return `step "${step}" must be a positive integer`;
  if (range === '*') return undefined;
  const [lo, hi, more] = range!.split('-');
  if (more !== undefined) return `"${range}" is not a range`;
  const a = value(lo!, spec);
  if (typeof a === 'string') return a;
  if (hi === undefined) return undefined;
  const b = value(hi, spec);
  if (typeof b === 'string') return b;
  if (a > b) return `range ${range} runs backwards`;
  return undefined;
}

function value(token: string, spec: (typeof FIELDS)[number]): number | string {
  if (/^[0-9]+$/.test(token)) {
    const v = Number(token);
    if (v < spec.min || v > spec.max) return `${v} is out of range ${spec.min}-${spec.max}`;
    return v;
  }
  if ('names' in spec) {
    const idx = (spec.names as readonly string[]).indexOf(token.toUpperCase());
    if (idx >= 0) return idx + spec.base;
    return `"${token}" is not a number or one of ${spec.names.join(', ')}`;
  }
  return `"${token}" is not a number`;
}

let zones: string[] | undefined;

/** True when Intl knows the IANA timezone. */
export function isValidTimezone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export function knownTimezones(): string[] {
  zones ??= typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return zones;
}
