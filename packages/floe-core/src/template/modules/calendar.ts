/** Proleptic Gregorian calendar arithmetic on day ordinals (0001-01-01 is day 1, as Python's `toordinal()`). */
import { PyError } from '../values';

export const MICROS_PER_DAY = 86_400_000_000;
/** `date(1970, 1, 1).toordinal()`. */
export const UNIX_EPOCH_ORDINAL = 719_163;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

export function daysInMonth(y: number, m: number): number {
  return m === 2 && isLeap(y) ? 29 : (DAYS_IN_MONTH[m - 1] as number);
}

/** Checks a date's fields as Python's constructor does. */
export function checkDate(y: number, m: number, d: number): void {
  for (const [v, what] of [[y, 'year'], [m, 'month'], [d, 'day']] as const) {
    if (!Number.isInteger(v)) throw new PyError(`${what} must be an integer, not ${String(v)}`);
  }
  if (y < 1 || y > 9999) throw new PyError(`year ${y} is out of range`);
  if (m < 1 || m > 12) throw new PyError('month must be in 1..12');
  if (d < 1 || d > daysInMonth(y, m)) throw new PyError('day is out of range for month');
}

/** Day ordinal of y-m-d (Howard Hinnant's days_from_civil, shifted to Python's origin). */
export function toOrdinal(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468 + UNIX_EPOCH_ORDINAL;
}

/** [year, month, day] of a day ordinal. */
export function fromOrdinal(ordinal: number): [number, number, number] {
  if (ordinal < 1 || ordinal > 3_652_059) throw new PyError('date value out of range');
  const z = ordinal - UNIX_EPOCH_ORDINAL + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp + (mp < 10 ? 3 : -9);
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

/** Monday is 0, as Python's `weekday()`. */
export function weekdayOf(ordinal: number): number {
  return (ordinal + 6) % 7;
}

/** Python's `isocalendar()`: ISO year, week and weekday (Monday 1). */
export function isoCalendar(ordinal: number): [number, number, number] {
  const [y] = fromOrdinal(ordinal);
  const week1 = (year: number): number => {
    const jan4 = toOrdinal(year, 1, 4);
    return jan4 - weekdayOf(jan4);
  };
  let isoYear = y;
  let start = week1(y);
  if (ordinal < start) {
    isoYear = y - 1;
    start = week1(isoYear);
  } else if (y < 9999 && ordinal >= week1(y + 1)) {
    isoYear = y + 1;
    start = week1(isoYear);
  }
  return [isoYear, Math.floor((ordinal - start) / 7) + 1, weekdayOf(ordinal) + 1];
}

export const DAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
export const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
