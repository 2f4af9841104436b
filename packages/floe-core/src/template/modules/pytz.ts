/** dbt's `modules.pytz`: `utc`, `timezone(name)` (IANA zones from Node's ICU data) and `FixedOffset(minutes)`. */
import { bind, int } from './args';
import { needStr } from '../methods';
import { fixedOffset } from './datetime';
import { PYTZ_UTC, ZoneTz } from './tz';

export function pytzModule(): Record<string, unknown> {
  const zones = (): string[] => ['UTC', ...Intl.supportedValuesOf('timeZone').filter((z) => z !== 'UTC')];
  return {
    utc: PYTZ_UTC,
    UTC: PYTZ_UTC,
    timezone: (name: unknown) => {
      const zone = needStr(name, 'timezone() argument');
      return zone.toUpperCase() === 'UTC' ? PYTZ_UTC : new ZoneTz(zone);
    },
    FixedOffset: (...args: unknown[]) => {
      const a = bind('FixedOffset', args, ['offset']);
      return fixedOffset(int(a.offset, 'offset'));
    },
    get all_timezones(): string[] {
      return zones();
    },
    get common_timezones(): string[] {
      return zones();
    },
  };
}
