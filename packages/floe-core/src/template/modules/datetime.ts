/**
 * dbt's `modules.datetime` (and the values of `run_started_at`): date, datetime, timedelta and
 * timezone with Python's printing, arithmetic, comparisons, strftime/strptime and isoformat.
 * Times are kept as a day ordinal plus microseconds of the day, so every year 1-9999 is exact.
 */
import { checkDate, fromOrdinal, isoCalendar, MICROS_PER_DAY, toOrdinal, UNIX_EPOCH_ORDINAL, weekdayOf } from './calendar';
import { bind, callable, int } from './args';
import { needStr } from '../methods';
import { strftime, strptime, parseOffset, type TimeFields } from './strftime';
import { FixedTz, formatOffset, msOf, TzInfo, UTC } from './tz';
import { PyError, PyObject, tuple } from '../values';

const MICROS_PER_SECOND = 1_000_000;

export class PyTimedelta extends PyObject {
  readonly days: number;
  readonly seconds: number;
  readonly microseconds: number;
  constructor(totalMicros: bigint) {
    super();
    const day = BigInt(MICROS_PER_DAY);
    let days = totalMicros / day;
    let rest = totalMicros % day;
    if (rest < 0n) {
      rest += day;
      days -= 1n;
    }
    if (days > 999_999_999n || days < -999_999_999n) throw new PyError(`days=${days}; must have magnitude <= 999999999`);
    this.days = Number(days);
    this.seconds = Number(rest / 1_000_000n);
    this.microseconds = Number(rest % 1_000_000n);
  }
  override get __typename__(): string {
    return 'timedelta';
  }
  totalMicros(): bigint {
    return BigInt(this.days) * BigInt(MICROS_PER_DAY) + BigInt(this.seconds) * 1_000_000n + BigInt(this.microseconds);
  }
  total_seconds(): number {
    return Number(this.totalMicros()) / MICROS_PER_SECOND;
  }
  override __str__(): string {
    const h = Math.floor(this.seconds / 3600);
    const m = Math.floor((this.seconds % 3600) / 60);
    const s = this.seconds % 60;
    let out = `${h}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
    if (this.microseconds) out += '.' + String(this.microseconds).padStart(6, '0');
    if (this.days) out = `${this.days} day${Math.abs(this.days) === 1 ? '' : 's'}, ${out}`;
    return out;
  }
  override __repr__(): string {
    const parts: string[] = [];
    if (this.days) parts.push(`days=${this.days}`);
    if (this.seconds) parts.push(`seconds=${this.seconds}`);
    if (this.microseconds) parts.push(`microseconds=${this.microseconds}`);
    return `datetime.timedelta(${parts.join(', ')})`;
  }
  override __binop__(op: '+' | '-' | '*', other: unknown, reflected: boolean): unknown {
    if (other instanceof PyTimedelta) {
      if (op === '+') return new PyTimedelta(this.totalMicros() + other.totalMicros());
      if (op === '-') return new PyTimedelta(reflected ? other.totalMicros() - this.totalMicros() : this.totalMicros() - other.totalMicros());
    }
    if (op === '*' && typeof other === 'number') {
      return new PyTimedelta(Number.isInteger(other) ? this.totalMicros() * BigInt(other) : BigInt(Math.round(Number(this.totalMicros()) * other)));
    }
    return undefined; // timedelta + date: the date's reflected __binop__ answers
  }
  override __cmp__(other: unknown): number | undefined {
    if (!(other instanceof PyTimedelta)) return undefined;
    const d = this.totalMicros() - other.totalMicros();
    return d < 0n ? -1 : d > 0n ? 1 : 0;
  }
}

const TIMEDELTA_UNITS: Array<[string, number]> = [
  ['days', MICROS_PER_DAY], ['seconds', MICROS_PER_SECOND], ['microseconds', 1], ['milliseconds', 1000],
  ['minutes', 60 * MICROS_PER_SECOND], ['hours', 3600 * MICROS_PER_SECOND], ['weeks', 7 * MICROS_PER_DAY],
];

function timedelta(...args: unknown[]): PyTimedelta {
  const a = bind('timedelta', args, TIMEDELTA_UNITS.map(([n]) => n), Object.fromEntries(TIMEDELTA_UNITS.map(([n]) => [n, 0])));
  let total = 0n;
  for (const [name, unit] of TIMEDELTA_UNITS) {
    const v = a[name];
    if (typeof v !== 'number') throw new PyError(`unsupported type for timedelta ${name} component: ${typeof v}`);
    total += Number.isInteger(v) ? BigInt(v) * BigInt(unit) : BigInt(Math.round(v * unit));
  }
  return new PyTimedelta(total);
}

export class PyDate extends PyObject {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  constructor(year: number, month: number, day: number) {
    super();
    checkDate(year, month, day);
    this.year = year;
    this.month = month;
    this.day = day;
  }
  override get __typename__(): string {
    return 'date';
  }
  static ofOrdinal(ordinal: number): PyDate {
    const [y, m, d] = fromOrdinal(ordinal);
    return new PyDate(y, m, d);
  }
  toordinal(): number {
    return toOrdinal(this.year, this.month, this.day);
  }
  weekday(): number {
    return weekdayOf(this.toordinal());
  }
  isoweekday(): number {
    return this.weekday() + 1;
  }
  isocalendar(): unknown[] {
    return tuple(isoCalendar(this.toordinal()));
  }
  isoformat(): string {
    return `${String(this.year).padStart(4, '0')}-${String(this.month).padStart(2, '0')}-${String(this.day).padStart(2, '0')}`;
  }
  strftime(format: unknown): string {
    return strftime(
      { year: this.year, month: this.month, day: this.day, hour: 0, minute: 0, second: 0, microsecond: 0, ordinal: this.toordinal(), offset: null, zoneName: () => null },
      needStr(format, 'strftime() argument 1'),
    );
  }
  replace(...args: unknown[]): PyDate {
    const a = bind('replace', args, ['year', 'month', 'day'], { year: this.year, month: this.month, day: this.day });
    return new PyDate(int(a.year, 'year'), int(a.month, 'month'), int(a.day, 'day'));
  }
  override __str__(): string {
    return this.isoformat();
  }
  override __repr__(): string {
    return `datetime.date(${this.year}, ${this.month}, ${this.day})`;
  }
  override __binop__(op: '+' | '-' | '*', other: unknown, reflected: boolean): unknown {
    if (op === '+' && other instanceof PyTimedelta) return PyDate.ofOrdinal(this.toordinal() + other.days);
    // As CPython: date - timedelta is date + timedelta(-days); the time part is ignored.
    if (op === '-' && !reflected && other instanceof PyTimedelta) return PyDate.ofOrdinal(this.toordinal() - other.days);
    if (op === '-' && other instanceof PyDate) {
      const days = reflected ? other.toordinal() - this.toordinal() : this.toordinal() - other.toordinal();
      return new PyTimedelta(BigInt(days) * BigInt(MICROS_PER_DAY));
    }
    return undefined;
  }
  override __cmp__(other: unknown): number | undefined {
    if (!(other instanceof PyDate)) return undefined;
    return this.toordinal() - other.toordinal();
  }
}

export class PyDateTime extends PyObject {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly microsecond: number;
  readonly tzinfo: TzInfo | null;
  /** Minutes east of UTC, resolved once (null when naive). */
  readonly #offset: number | null;
  readonly #ordinal: number;

  constructor(y: number, mo: number, d: number, h: number, mi: number, s: number, us: number, tz: TzInfo | null, offset?: number) {
    super();
    checkDate(y, mo, d);
    if (!Number.isInteger(h) || h < 0 || h > 23) throw new PyError('hour must be in 0..23');
    if (!Number.isInteger(mi) || mi < 0 || mi > 59) throw new PyError('minute must be in 0..59');
    if (!Number.isInteger(s) || s < 0 || s > 59) throw new PyError('second must be in 0..59');
    if (!Number.isInteger(us) || us < 0 || us > 999_999) throw new PyError('microsecond must be in 0..999999');
    [this.year, this.month, this.day, this.hour, this.minute, this.second, this.microsecond, this.tzinfo] = [y, mo, d, h, mi, s, us, tz];
    this.#ordinal = toOrdinal(y, mo, d);
    this.#offset = tz === null ? null : offset ?? tz.offsetAtLocal(msOf(this.#ordinal, this.#dayMicros()));
  }
  override get __typename__(): string {
    return 'datetime';
  }
  #dayMicros(): number {
    return ((this.hour * 60 + this.minute) * 60 + this.second) * MICROS_PER_SECOND + this.microsecond;
  }
  /** Builds a datetime from a day ordinal and microseconds of the day (carrying over whole days). */
  static of(ordinal: number, micros: number, tz: TzInfo | null, offset?: number): PyDateTime {
    const carry = Math.floor(micros / MICROS_PER_DAY);
    const m = micros - carry * MICROS_PER_DAY;
    const [y, mo, d] = fromOrdinal(ordinal + carry);
    const secs = Math.floor(m / MICROS_PER_SECOND);
    return new PyDateTime(y, mo, d, Math.floor(secs / 3600), Math.floor((secs % 3600) / 60), secs % 60, m % MICROS_PER_SECOND, tz, offset);
  }
  /** The UTC instant (ordinal, micros) of an aware value, or the wall clock of a naive one. */
  #utc(): [number, number] {
    return [this.#ordinal, this.#dayMicros() - (this.#offset ?? 0) * 60 * MICROS_PER_SECOND];
  }
  /** This wall-clock time as a JS Date in the process's zone (a naive value is local time, as in Python). */
  #wallClockHere(): Date {
    return localDate(this.year, this.month, this.day, this.hour, this.minute, this.second);
  }
  #fields(): TimeFields {
    return {
      year: this.year, month: this.month, day: this.day, hour: this.hour, minute: this.minute, second: this.second, microsecond: this.microsecond,
      ordinal: this.#ordinal, offset: this.#offset, zoneName: () => this.tzname(),
    };
  }
  strftime(format: unknown): string {
    return strftime(this.#fields(), needStr(format, 'strftime() argument 1'));
  }
  isoformat(...args: unknown[]): string {
    const a = bind('isoformat', args, ['sep', 'timespec'], { sep: 'T', timespec: 'auto' });
    const date = new PyDate(this.year, this.month, this.day).isoformat();
    const p2 = (n: number) => String(n).padStart(2, '0');
    let time = `${p2(this.hour)}:${p2(this.minute)}:${p2(this.second)}`;
    const spec = String(a.timespec);
    if (spec === 'hours') time = p2(this.hour);
    else if (spec === 'minutes') time = `${p2(this.hour)}:${p2(this.minute)}`;
    else if (spec === 'milliseconds') time += '.' + String(Math.floor(this.microsecond / 1000)).padStart(3, '0');
    else if (spec === 'microseconds' || (spec === 'auto' && this.microsecond)) time += '.' + String(this.microsecond).padStart(6, '0');
    else if (spec !== 'auto' && spec !== 'seconds') throw new PyError(`Unknown timespec value: '${spec}'`);
    return `${date}${String(a.sep)}${time}${this.#offset === null ? '' : formatOffset(this.#offset)}`;
  }
  date(): PyDate {
    return new PyDate(this.year, this.month, this.day);
  }
  toordinal(): number {
    return this.#ordinal;
  }
  weekday(): number {
    return weekdayOf(this.#ordinal);
  }
  isoweekday(): number {
    return this.weekday() + 1;
  }
  isocalendar(): unknown[] {
    return tuple(isoCalendar(this.#ordinal));
  }
  utcoffset(): PyTimedelta | null {
    return this.#offset === null ? null : new PyTimedelta(BigInt(this.#offset) * 60_000_000n);
  }
  tzname(): string | null {
    if (this.tzinfo === null) return null;
    const [o, m] = this.#utc();
    return this.tzinfo.nameAt(msOf(o, m));
  }
  /** Seconds since 1970 (a naive value is taken as local time, as Python does). */
  timestamp(): number {
    if (this.#offset === null) {
      const local = this.#wallClockHere();
      return local.getTime() / 1000 + this.microsecond / MICROS_PER_SECOND;
    }
    const [o, m] = this.#utc();
    return ((o - UNIX_EPOCH_ORDINAL) * MICROS_PER_DAY + m) / MICROS_PER_SECOND;
  }
  replace(...args: unknown[]): PyDateTime {
    const names = ['year', 'month', 'day', 'hour', 'minute', 'second', 'microsecond', 'tzinfo'] as const;
    const a = bind('replace', args, names, {
      year: this.year, month: this.month, day: this.day, hour: this.hour, minute: this.minute, second: this.second, microsecond: this.microsecond, tzinfo: this.tzinfo,
    });
    const n = (k: (typeof names)[number]) => int(a[k], k);
    return new PyDateTime(n('year'), n('month'), n('day'), n('hour'), n('minute'), n('second'), n('microsecond'), tzArg(a.tzinfo));
  }
  /** The same instant in `tz` (UTC when omitted on an aware value). */
  astimezone(...args: unknown[]): PyDateTime {
    const a = bind('astimezone', args, ['tz'], { tz: null });
    const tz = tzArg(a.tz) ?? UTC;
    let [o, m] = this.#utc();
    if (this.#offset === null) {
      // A naive value is local time: take the process's zone offset at that wall time.
      const offsetMin = -this.#wallClockHere().getTimezoneOffset();
      m = this.#dayMicros() - offsetMin * 60 * MICROS_PER_SECOND;
      o = this.#ordinal;
    }
    const offset = tz.offsetAtUtc(msOf(o, m));
    return PyDateTime.of(o, m + offset * 60 * MICROS_PER_SECOND, tz, offset);
  }
  override __str__(): string {
    return this.isoformat(' ');
  }
  override __repr__(): string {
    const parts = [this.year, this.month, this.day, this.hour, this.minute];
    if (this.second || this.microsecond) parts.push(this.second);
    if (this.microsecond) parts.push(this.microsecond);
    return `datetime.datetime(${parts.join(', ')}${this.tzinfo ? `, tzinfo=${this.tzinfo.__repr__()}` : ''})`;
  }
  override __binop__(op: '+' | '-' | '*', other: unknown, reflected: boolean): unknown {
    if (other instanceof PyTimedelta && (op === '+' || (op === '-' && !reflected))) {
      const sign = op === '+' ? 1 : -1;
      const micros = this.#dayMicros() + sign * (other.seconds * MICROS_PER_SECOND + other.microseconds);
      const moved = PyDateTime.of(this.#ordinal + sign * other.days, micros, null);
      // Aware values keep their zone; an IANA zone's offset is looked up again for the new wall time.
      return this.tzinfo === null ? moved : moved.replace({ __kwargs: true, tzinfo: this.tzinfo });
    }
    if (op === '-' && other instanceof PyDateTime) {
      if ((this.#offset === null) !== (other.#offset === null)) throw new PyError("can't subtract offset-naive and offset-aware datetimes");
      const [ao, am] = reflected ? other.#utc() : this.#utc();
      const [bo, bm] = reflected ? this.#utc() : other.#utc();
      return new PyTimedelta(BigInt(ao - bo) * BigInt(MICROS_PER_DAY) + BigInt(am - bm));
    }
    return undefined;
  }
  override __cmp__(other: unknown): number | undefined {
    if (!(other instanceof PyDateTime)) return undefined;
    if ((this.#offset === null) !== (other.#offset === null)) throw new PyError("can't compare offset-naive and offset-aware datetimes");
    const [ao, am] = this.#utc();
    const [bo, bm] = other.#utc();
    return Math.sign((ao - bo) * MICROS_PER_DAY + (am - bm));
  }
  override __eq__(other: unknown): boolean {
    if (!(other instanceof PyDateTime) || (this.#offset === null) !== (other.#offset === null)) return false;
    return this.__cmp__(other) === 0;
  }
}

/** A JS Date for a wall-clock time in the process's zone (years below 100 included). */
function localDate(y: number, mo: number, d: number, h: number, mi: number, s: number): Date {
  const date = new Date(2000, 0, 1);
  date.setFullYear(y, mo - 1, d);
  date.setHours(h, mi, s, 0);
  return date;
}

function tzArg(v: unknown): TzInfo | null {
  if (v === null || v === undefined) return null;
  if (v instanceof TzInfo) return v;
  throw new PyError('tzinfo argument must be None or of a tzinfo subclass');
}

/** Reads the clock (the compiler's records that a render depended on the time of the compile). */
export type Clock = () => Date;

export function datetimeModule(clock: Clock): Record<string, unknown> {
  const nowIn = (tz: TzInfo | null): PyDateTime => {
    const now = clock();
    return tz === null ? localFromMs(now.getTime()) : utcFromMs(now.getTime()).astimezone(tz);
  };
  const fromTimestamp = (ts: unknown, tz: TzInfo | null): PyDateTime => {
    if (typeof ts !== 'number') throw new PyError('fromtimestamp() argument must be a number');
    const ms = Math.round(ts * 1e6) / 1000;
    return tz === null ? localFromMs(ms) : utcFromMs(ms).astimezone(tz);
  };

  const datetime = callable(
    'datetime',
    (...args: unknown[]) => {
      const names = ['year', 'month', 'day', 'hour', 'minute', 'second', 'microsecond', 'tzinfo'];
      const a = bind('datetime', args, names, { hour: 0, minute: 0, second: 0, microsecond: 0, tzinfo: null });
      return new PyDateTime(int(a.year, 'year'), int(a.month, 'month'), int(a.day, 'day'), int(a.hour, 'hour'), int(a.minute, 'minute'), int(a.second, 'second'), int(a.microsecond, 'microsecond'), tzArg(a.tzinfo));
    },
    {
      now: (...args: unknown[]) => nowIn(tzArg(bind('now', args, ['tz'], { tz: null }).tz)),
      today: () => nowIn(null),
      utcnow: () => nowIn(UTC).replace({ __kwargs: true, tzinfo: null }),
      fromtimestamp: (...args: unknown[]) => {
        const a = bind('fromtimestamp', args, ['timestamp', 'tz'], { tz: null });
        return fromTimestamp(a.timestamp, tzArg(a.tz));
      },
      utcfromtimestamp: (ts: unknown) => fromTimestamp(ts, UTC).replace({ __kwargs: true, tzinfo: null }),
      strptime: (value: unknown, format: unknown) => {
        const p = strptime(needStr(value, 'strptime() argument 1'), needStr(format, 'strptime() argument 2'));
        const tz = p.offset === null ? null : p.offset === 0 ? UTC : fixedOffset(p.offset);
        return new PyDateTime(p.year, p.month, p.day, p.hour, p.minute, p.second, p.microsecond, tz);
      },
      fromisoformat: (value: unknown) => parseIso(needStr(value, 'fromisoformat: argument'), true),
      min: new PyDateTime(1, 1, 1, 0, 0, 0, 0, null),
      max: new PyDateTime(9999, 12, 31, 23, 59, 59, 999_999, null),
    },
  );
  const date = callable(
    'date',
    (...args: unknown[]) => {
      const a = bind('date', args, ['year', 'month', 'day']);
      return new PyDate(int(a.year, 'year'), int(a.month, 'month'), int(a.day, 'day'));
    },
    {
      today: () => nowIn(null).date(),
      fromisoformat: (value: unknown) => parseIso(needStr(value, 'fromisoformat: argument'), false),
      fromordinal: (n: unknown) => PyDate.ofOrdinal(int(n, 'fromordinal() argument')),
      fromtimestamp: (ts: unknown) => fromTimestamp(ts, null).date(),
      min: new PyDate(1, 1, 1),
      max: new PyDate(9999, 12, 31),
    },
  );
  const timezone = callable(
    'timezone',
    (...args: unknown[]) => {
      const a = bind('timezone', args, ['offset', 'name'], { name: null });
      if (!(a.offset instanceof PyTimedelta)) throw new PyError('timezone() argument 1 must be datetime.timedelta');
      const minutes = Number(a.offset.totalMicros() / 60_000_000n);
      return fixedOffset(minutes, a.name === null ? undefined : String(a.name));
    },
    { utc: UTC },
  );
  return { datetime, date, timedelta: callable('timedelta', timedelta, {}), timezone, MINYEAR: 1, MAXYEAR: 9999 };
}

export function fixedOffset(minutes: number, name?: string): FixedTz {
  if (minutes === 0 && name === undefined) return UTC;
  const td = new PyTimedelta(BigInt(minutes) * 60_000_000n).__repr__();
  return new FixedTz(minutes, name, `datetime.timezone(${td}${name === undefined ? '' : `, '${name}'`})`);
}

const ISO = /^(\d{4})-?(\d{2})-?(\d{2})(?:[T ](\d{2})(?::?(\d{2})(?::?(\d{2})(?:[.,](\d{1,6})\d*)?)?)?\s*(Z|[+-]\d{2}(?::?\d{2}(?::?\d{2})?)?)?)?$/;

function parseIso(s: string, withTime: boolean): PyDate | PyDateTime {
  const m = ISO.exec(s);
  if (!m || (!withTime && m[4] !== undefined)) throw new PyError(`Invalid isoformat string: '${s}'`);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (!withTime) return new PyDate(y, mo, d);
  const offset = m[8] === undefined ? null : parseOffset(m[8]);
  const tz = offset === null ? null : offset === 0 ? UTC : fixedOffset(offset);
  return new PyDateTime(y, mo, d, Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0), Number((m[7] ?? '').padEnd(6, '0')), tz);
}

/** An aware UTC datetime at `ms` milliseconds since 1970 (fractions are microseconds). */
function utcFromMs(ms: number): PyDateTime {
  const dayMs = ((ms % 86_400_000) + 86_400_000) % 86_400_000;
  return PyDateTime.of(UNIX_EPOCH_ORDINAL + Math.floor(ms / 86_400_000), Math.round(dayMs * 1000), UTC, 0);
}

/** A naive datetime: the wall clock of the process's zone at `ms` milliseconds since 1970. */
function localFromMs(ms: number): PyDateTime {
  const d = new Date(Math.floor(ms));
  const micros = Math.round((ms - Math.floor(ms / 1000) * 1000) * 1000);
  return new PyDateTime(d.getFullYear(), d.getMonth() + 1, d.getDate(), d.getHours(), d.getMinutes(), d.getSeconds(), micros, null);
}

/** `run_started_at`: an aware UTC datetime, as dbt's. */
export function utcDateTime(at: Date): PyDateTime {
  return utcFromMs(at.getTime());
}
