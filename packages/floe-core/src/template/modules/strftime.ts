/** Python's `strftime` (glibc's directives, including the `%-d` no-padding flag) and `strptime`. */
import { DAY_NAMES, daysInMonth, isoCalendar, MONTH_NAMES, toOrdinal, UNIX_EPOCH_ORDINAL, weekdayOf } from './calendar';
import { PyError } from '../values';
import { formatOffset } from './tz';

/** The fields a format reads: a date has no time and no zone. */
export interface TimeFields {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  microsecond: number;
  ordinal: number;
  /** Minutes east of UTC, or null for a naive value. */
  offset: number | null;
  /** The zone's name, asked only by %Z (an IANA zone's name costs ICU lookups). */
  zoneName: () => string | null;
}

const pad = (n: number, width: number, fill = '0'): string => String(n).padStart(width, fill);

export function strftime(f: TimeFields, format: string): string {
  let out = '';
  for (let i = 0; i < format.length; i++) {
    const ch = format[i] as string;
    if (ch !== '%' || i + 1 >= format.length) {
      out += ch;
      continue;
    }
    let d = format[++i] as string;
    let noPad = false;
    if (d === '-' && i + 1 < format.length) {
      noPad = true;
      d = format[++i] as string;
    }
    const num = (n: number, width: number, fill = '0'): string => (noPad ? String(n) : pad(n, width, fill));
    const yday = f.ordinal - toOrdinal(f.year, 1, 1);
    const wd = weekdayOf(f.ordinal);
    switch (d) {
      case 'a': out += DAY_NAMES[wd]!.slice(0, 3); break;
      case 'A': out += DAY_NAMES[wd]; break;
      case 'w': out += String((wd + 1) % 7); break;
      case 'u': out += String(wd + 1); break;
      case 'd': out += num(f.day, 2); break;
      case 'e': out += num(f.day, 2, ' '); break;
      case 'b': case 'h': out += MONTH_NAMES[f.month - 1]!.slice(0, 3); break;
      case 'B': out += MONTH_NAMES[f.month - 1]; break;
      case 'm': out += num(f.month, 2); break;
      case 'y': out += num(f.year % 100, 2); break;
      case 'Y': out += String(f.year); break;
      case 'C': out += num(Math.floor(f.year / 100), 2); break;
      case 'G': out += String(isoCalendar(f.ordinal)[0]); break;
      case 'g': out += num(isoCalendar(f.ordinal)[0] % 100, 2); break;
      case 'V': out += num(isoCalendar(f.ordinal)[1], 2); break;
      case 'H': out += num(f.hour, 2); break;
      case 'k': out += num(f.hour, 2, ' '); break;
      case 'I': out += num(f.hour % 12 === 0 ? 12 : f.hour % 12, 2); break;
      case 'l': out += num(f.hour % 12 === 0 ? 12 : f.hour % 12, 2, ' '); break;
      case 'p': out += f.hour < 12 ? 'AM' : 'PM'; break;
      case 'M': out += num(f.minute, 2); break;
      case 'S': out += num(f.second, 2); break;
      case 'f': out += pad(f.microsecond, 6); break;
      case 'z': out += f.offset === null ? '' : formatOffset(f.offset, ''); break;
      case 'Z': out += f.zoneName() ?? ''; break;
      case 'j': out += num(yday + 1, 3); break;
      case 'U': out += num(Math.floor((yday + 7 - ((wd + 1) % 7)) / 7), 2); break;
      case 'W': out += num(Math.floor((yday + 7 - wd) / 7), 2); break;
      case 'c': out += strftime(f, '%a %b %e %H:%M:%S %Y'); break;
      case 'x': out += strftime(f, '%m/%d/%y'); break;
      case 'X': case 'T': out += strftime(f, '%H:%M:%S'); break;
      case 'D': out += strftime(f, '%m/%d/%y'); break;
      case 'F': out += strftime(f, '%Y-%m-%d'); break;
      case 'R': out += strftime(f, '%H:%M'); break;
      case 's': out += String(Math.floor(((f.ordinal - UNIX_EPOCH_ORDINAL) * 86_400 + f.hour * 3600 + f.minute * 60 + f.second) - (f.offset ?? 0) * 60)); break;
      case 'n': out += '\n'; break;
      case 't': out += '\t'; break;
      case '%': out += '%'; break;
      default: out += '%' + (noPad ? '-' : '') + d; // glibc writes an unknown directive as it is
    }
  }
  return out;
}

/** What strptime() read: the time fields, and the offset when the format had %z (or a UTC %Z). */
export type ParsedTime = Omit<TimeFields, 'ordinal' | 'zoneName'>;

const NAME_ALTS = (names: string[]): string => names.map((n) => `${n}|${n.slice(0, 3)}`).join('|');
// The same alternatives as CPython's _strptime, so the same texts match (and fail) the same way.
const PATTERNS: Record<string, string> = {
  Y: '(\\d\\d\\d\\d)', y: '(\\d\\d)', m: '(1[0-2]|0[1-9]|[1-9])', d: '(3[01]|[12]\\d|0[1-9]|[1-9]| [1-9])',
  H: '(2[0-3]|[01]\\d|\\d)', I: '(1[0-2]|0[1-9]|[1-9])', M: '([0-5]\\d|\\d)', S: '(6[01]|[0-5]\\d|\\d)', f: '([0-9]{1,6})',
  j: '(36[0-6]|3[0-5]\\d|[12]\\d\\d|0[1-9]\\d|00[1-9]|[1-9]\\d|0[1-9]|[1-9])', p: '(am|pm)', w: '([0-6])', u: '([1-7])',
  U: '(5[0-3]|[0-4]\\d|\\d)', W: '(5[0-3]|[0-4]\\d|\\d)',
  b: `(${NAME_ALTS(MONTH_NAMES)})`, B: `(${NAME_ALTS(MONTH_NAMES)})`, h: `(${NAME_ALTS(MONTH_NAMES)})`, a: `(${NAME_ALTS(DAY_NAMES)})`, A: `(${NAME_ALTS(DAY_NAMES)})`,
  z: '(Z|[+-]\\d\\d:?[0-5]\\d(?::?[0-5]\\d(?:\\.\\d{1,6})?)?)', Z: '(UTC|GMT)', '%': '(%)',
};

/** Python's `datetime.strptime(text, format)` for the directives Python documents (not locale ones). */
export function strptime(text: string, format: string): ParsedTime {
  let src = '^';
  const slots: string[] = [];
  for (let i = 0; i < format.length; i++) {
    const ch = format[i] as string;
    if (ch === '%' && i + 1 < format.length) {
      const d = format[++i] as string;
      const p = PATTERNS[d];
      if (!p) throw new PyError(`'${d}' is a bad directive in format '%${d}'`);
      src += p;
      slots.push(d);
    } else if (/\s/.test(ch)) src += '\\s+';
    else src += ch.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  const m = new RegExp(src, 'i').exec(text);
  if (!m) throw new PyError(`time data '${text}' does not match format '${format}'`);
  if (m[0].length !== text.length) throw new PyError(`unconverted data remains: ${text.slice(m[0].length)}`);
  const r: ParsedTime = { year: 1900, month: 1, day: 1, hour: 0, minute: 0, second: 0, microsecond: 0, offset: null };
  let pm: boolean | undefined;
  let hour12: number | undefined;
  let yday: number | undefined;
  slots.forEach((d, k) => {
    const v = m[k + 1] as string;
    const n = Number(v);
    switch (d) {
      case 'Y': r.year = n; break;
      case 'y': r.year = n < 69 ? 2000 + n : 1900 + n; break;
      case 'm': r.month = n; break;
      case 'd': r.day = n; break;
      case 'H': r.hour = n; break;
      case 'I': hour12 = n; break;
      case 'p': pm = v.toLowerCase() === 'pm'; break;
      case 'M': r.minute = n; break;
      case 'S': r.second = n; break;
      case 'f': r.microsecond = Number(v.padEnd(6, '0')); break;
      case 'j': yday = n; break;
      case 'b': case 'B': case 'h':
        r.month = MONTH_NAMES.findIndex((x) => x.toLowerCase().startsWith(v.slice(0, 3).toLowerCase())) + 1;
        break;
      case 'z': r.offset = parseOffset(v); break;
      case 'Z': r.offset = 0; break;
      default: break; // weekday names and numbers do not change the date, as in Python
    }
  });
  if (hour12 !== undefined) r.hour = (hour12 % 12) + (pm ? 12 : 0);
  if (yday !== undefined) {
    const yearLength = toOrdinal(r.year + 1, 1, 1) - toOrdinal(r.year, 1, 1);
    if (yday < 1 || yday > yearLength) throw new PyError(`day of year ${yday} is out of range`);
    Object.assign(r, dayOfYear(r.year, yday));
  }
  if (r.hour > 23 || r.minute > 59 || r.second > 61) throw new PyError(`time data '${text}' does not match format '${format}'`);
  return r;
}

function dayOfYear(year: number, yday: number): { month: number; day: number } {
  let rest = yday;
  for (let month = 1; month <= 12; month++) {
    const len = daysInMonth(year, month);
    if (rest <= len) return { month, day: rest };
    rest -= len;
  }
  return { month: 12, day: 31 };
}

/** `+05:30`, `-0800`, `Z` → minutes east of UTC. */
export function parseOffset(v: string): number {
  if (v === 'Z' || v === 'z') return 0;
  const m = /^([+-])(\d{2}):?(\d{2})/.exec(v);
  if (!m) throw new PyError(`invalid UTC offset '${v}'`);
  const minutes = Number(m[2]) * 60 + Number(m[3]);
  return m[1] === '-' ? -minutes : minutes;
}
