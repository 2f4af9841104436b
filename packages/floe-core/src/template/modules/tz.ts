/**
 * Time zones for the `modules` datetime values: fixed offsets (`datetime.timezone.utc`,
 * `pytz.utc`) and IANA zones (`pytz.timezone('Europe/Paris')`), whose offsets come from
 * the ICU data Node ships (Intl), so no zone database is bundled.
 */
import { UNIX_EPOCH_ORDINAL } from './calendar';
import { PyError, PyObject } from '../values';

export abstract class TzInfo extends PyObject {
  /** Minutes east of UTC at the UTC instant `utcMs` (milliseconds since 1970). */
  abstract offsetAtUtc(utcMs: number): number;
  /** The zone's short name at that offset (`UTC`, `CET`, `UTC+05:30`). */
  abstract nameAt(utcMs: number): string;

  /** Minutes east of UTC for a wall-clock time in this zone (the earlier one when the clock is ambiguous). */
  offsetAtLocal(localMs: number): number {
    const first = this.offsetAtUtc(localMs);
    const second = this.offsetAtUtc(localMs - first * 60_000);
    return first === second ? first : this.offsetAtUtc(localMs - second * 60_000);
  }
}

function offsetText(minutes: number, sep: string): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}${sep}${String(abs % 60).padStart(2, '0')}`;
}

/** `+HH:MM` (or `+HHMM` with `sep` ''), as isoformat() and strftime('%z') write it. */
export function formatOffset(minutes: number, sep = ':'): string {
  return offsetText(minutes, sep);
}

export class FixedTz extends TzInfo {
  readonly #label: string | undefined;
  readonly #repr: string;
  constructor(
    readonly minutes: number,
    label: string | undefined,
    reprText: string,
  ) {
    super();
    this.#label = label;
    this.#repr = reprText;
    if (Math.abs(minutes) >= 24 * 60) throw new PyError('offset must be a timedelta strictly between -timedelta(hours=24) and timedelta(hours=24)');
  }
  override get __typename__(): string {
    return 'timezone';
  }
  offsetAtUtc(): number {
    return this.minutes;
  }
  nameAt(): string {
    return this.#label ?? (this.minutes === 0 ? 'UTC' : `UTC${offsetText(this.minutes, ':')}`);
  }
  tzname(): string {
    return this.nameAt();
  }
  override __str__(): string {
    return this.nameAt();
  }
  override __repr__(): string {
    return this.#repr;
  }
  override __eq__(other: unknown): boolean {
    return other instanceof FixedTz && other.minutes === this.minutes;
  }
}

/** `datetime.timezone.utc`. */
export const UTC = new FixedTz(0, undefined, 'datetime.timezone.utc');
/** `pytz.utc` (prints as `UTC`, as pytz's does). */
export const PYTZ_UTC = new FixedTz(0, 'UTC', '<UTC>');

const FORMATTERS = new Map<string, Intl.DateTimeFormat>();
const ABBREVIATION_LOCALES = ['en-US', 'en-GB', 'en-IN', 'en-AU', 'ja-JP', 'en-ZA'];
const NAME_FORMATTERS = new Map<string, Intl.DateTimeFormat>();

function shortName(zone: string, locale: string, utcMs: number): string {
  const key = `${locale} ${zone}`;
  let fmt = NAME_FORMATTERS.get(key);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat(locale, { timeZone: zone, timeZoneName: 'short' });
    NAME_FORMATTERS.set(key, fmt);
  }
  return fmt.formatToParts(new Date(utcMs)).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT+';
}

export class ZoneTz extends TzInfo {
  readonly zone: string;
  readonly #fmt: Intl.DateTimeFormat;
  constructor(zone: string) {
    super();
    let fmt = FORMATTERS.get(zone);
    if (!fmt) {
      try {
        fmt = new Intl.DateTimeFormat('en-US', {
          timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric', timeZoneName: 'short',
        });
      } catch {
        throw new PyError(`UnknownTimeZoneError: '${zone}'`);
      }
      FORMATTERS.set(zone, fmt);
    }
    this.#fmt = fmt;
    // pytz keeps the name it was given (ICU would turn Asia/Kolkata into Asia/Calcutta); only its case is fixed.
    const resolved = fmt.resolvedOptions().timeZone;
    this.zone = resolved.toLowerCase() === zone.toLowerCase() ? resolved : zone;
  }
  override get __typename__(): string {
    return 'DstTzInfo';
  }
  #parts(utcMs: number): Record<string, string> {
    const out: Record<string, string> = {};
    for (const p of this.#fmt.formatToParts(new Date(utcMs))) out[p.type] = p.value;
    return out;
  }
  offsetAtUtc(utcMs: number): number {
    const p = this.#parts(utcMs);
    // setUTCFullYear, not Date.UTC: Date.UTC maps years 0-99 to 1900-1999.
    const wall = new Date(0);
    wall.setUTCFullYear(Number(p.year), Number(p.month) - 1, Number(p.day));
    wall.setUTCHours(Number(p.hour), Number(p.minute), Number(p.second), 0);
    return Math.round((wall.getTime() - Math.floor(utcMs / 1000) * 1000) / 60_000);
  }
  nameAt(utcMs: number): string {
    // ICU has an abbreviation for a zone only in some locales (CET in en-GB, IST in en-IN, JST in
    // ja-JP); tzdata, which Python reads, has them for most zones. Where none has one, tzdata's
    // numeric form is written (+01, +0530).
    for (const locale of ABBREVIATION_LOCALES) {
      const name = shortName(this.zone, locale, utcMs);
      if (!/^GMT[+-]/.test(name)) return name === 'GMT' && this.zone === 'UTC' ? 'UTC' : name;
    }
    const minutes = this.offsetAtUtc(utcMs);
    const hhmm = formatOffset(minutes, '');
    return minutes % 60 === 0 ? hhmm.slice(0, 3) : hhmm;
  }
  /** pytz's `localize(naive)`: the same wall-clock time in this zone. */
  localize(dt: unknown): unknown {
    const withTz = (dt as { replace?: (...a: unknown[]) => unknown }).replace;
    if (typeof withTz !== 'function') throw new PyError('localize() takes a datetime');
    return withTz.call(dt, { __kwargs: true, tzinfo: this });
  }
  override __str__(): string {
    return this.zone;
  }
  override __repr__(): string {
    return `<DstTzInfo '${this.zone}'>`;
  }
  override __eq__(other: unknown): boolean {
    return other instanceof ZoneTz && other.zone === this.zone;
  }
}

/** Milliseconds since 1970 of a day ordinal and microsecond of that day (wall-clock or UTC, as given). */
export function msOf(ordinal: number, micros: number): number {
  return (ordinal - UNIX_EPOCH_ORDINAL) * 86_400_000 + Math.floor(micros / 1000);
}

