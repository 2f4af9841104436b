/**
 * dbt's `modules` context variable: Python's datetime, pytz, re and itertools as templates see
 * them (the parts dbt projects and packages use), implemented over JS.
 */
import { datetimeModule, type Clock } from './datetime';
import { itertoolsModule } from './itertools';
import { pytzModule } from './pytz';
import { reModule } from './re';

export { PyDate, PyDateTime, PyTimedelta, utcDateTime } from './datetime';
export type { Clock } from './datetime';

/** The `modules` object; `clock` is called whenever a template reads the time (now(), today() ...). */
export function pythonModules(clock: Clock): Record<string, Record<string, unknown>> {
  return { datetime: datetimeModule(clock), pytz: pytzModule(), re: reModule(), itertools: itertoolsModule() };
}
