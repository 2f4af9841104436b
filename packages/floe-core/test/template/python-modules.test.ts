/**
 * dbt's `modules` (datetime, pytz, re, itertools) and `run_started_at` against Python.
 * Each expected string was produced by rendering the same template with Jinja2 and the real
 * Python modules (tools/python/modules_parity.py, which says how to run it); the test itself
 * does not need Python.
 */
import { createTemplateEngine } from '../../src/template';
import { pythonModules, utcDateTime } from '../../src/template/modules';
import { isFloeError } from '../../src/errors';

const RUN_STARTED_AT = new Date(Date.UTC(2026, 10, 23, 7, 5, 9, 123));

// run_started_at in the generator has microsecond 123456; JS Dates hold milliseconds, so the
// cases print Python's value with the last three digits replaced (see `atMillis`).
const PYTHON_CASES: Array<[string, string]> = [
  ["{{ run_started_at }}|{{ run_started_at.year }}|{{ run_started_at.tzinfo }}", "2026-11-23 07:05:09.123456+00:00|2026|UTC"],
  ["{{ run_started_at.strftime('%Y-%m-%d %H:%M:%S.%f %z %Z %a %A %b %B %j %U %W %w %p %I %y') }}", "2026-11-23 07:05:09.123456 +0000 UTC Mon Monday Nov November 327 47 47 1 AM 07 26"],
  ["{{ run_started_at.strftime('%-d/%-m/%Y %-H:%M') }}|{{ run_started_at.strftime('%%') }}", "23/11/2026 7:05|%"],
  ["{{ run_started_at.isoformat() }}|{{ run_started_at.date() }}|{{ run_started_at.date().isoformat() }}", "2026-11-23T07:05:09.123456+00:00|2026-11-23|2026-11-23"],
  ["{{ modules.datetime.datetime(2024, 2, 29, 13, 4) }}|{{ modules.datetime.date(2024, 2, 29) }}|{{ modules.datetime.datetime(2024, 1, 1, 0, 0, 0, 5) }}", "2024-02-29 13:04:00|2024-02-29|2024-01-01 00:00:00.000005"],
  ["{{ modules.datetime.datetime(year=2020, month=12, day=31).isoformat(' ') }}|{{ modules.datetime.datetime(2020, 1, 2, 3, 4, 5).isoformat(timespec='minutes') }}", "2020-12-31 00:00:00|2020-01-02T03:04"],
  ["{{ modules.datetime.date(2024, 1, 1).weekday() }}{{ modules.datetime.date(2024, 1, 1).isoweekday() }}|{{ modules.datetime.date(2021, 1, 3).isocalendar() | list }}|{{ modules.datetime.date(2024, 12, 30).isocalendar() | list }}", "01|[2020, 53, 7]|[2025, 1, 1]"],
  ["{{ modules.datetime.date(2024, 3, 10).toordinal() }}|{{ modules.datetime.date.fromordinal(738955) }}", "738955|2024-03-10"],
  ["{{ modules.datetime.date(2024, 2, 28) + modules.datetime.timedelta(days=2) }}|{{ modules.datetime.date(2024, 3, 1) - modules.datetime.timedelta(days=1) }}", "2024-03-01|2024-02-29"],
  ["{{ modules.datetime.date(2024, 3, 1) - modules.datetime.date(2023, 3, 1) }}|{{ (modules.datetime.date(2024, 3, 1) - modules.datetime.date(2023, 3, 1)).days }}", "366 days, 0:00:00|366"],
  ["{{ modules.datetime.datetime(2024, 3, 31, 1, 30) - modules.datetime.datetime(2024, 1, 1) }}|{{ modules.datetime.datetime(2024, 1, 1) - modules.datetime.datetime(2024, 1, 2, 0, 0, 1) }}", "90 days, 1:30:00|-2 days, 23:59:59"],
  ["{{ modules.datetime.datetime(2024, 12, 31, 23, 59) + modules.datetime.timedelta(minutes=2) }}|{{ modules.datetime.timedelta(hours=1) + modules.datetime.datetime(2024, 1, 1) }}", "2025-01-01 00:01:00|2024-01-01 01:00:00"],
  ["{{ modules.datetime.timedelta(days=1, hours=2, minutes=3, seconds=4, microseconds=5) }}|{{ modules.datetime.timedelta(hours=-1) }}|{{ modules.datetime.timedelta(weeks=2).days }}|{{ modules.datetime.timedelta(minutes=90, microseconds=500000).total_seconds() }}", "1 day, 2:03:04.000005|-1 day, 23:00:00|14|5400.5"],
  ["{{ modules.datetime.timedelta(hours=1.5) }}|{{ modules.datetime.timedelta(days=1) * 3 }}|{{ -modules.datetime.timedelta(seconds=1) }}|{{ modules.datetime.timedelta(seconds=30) - modules.datetime.timedelta(minutes=1) }}", "1:30:00|3 days, 0:00:00|-1 day, 23:59:59|-1 day, 23:59:30"],
  ["{{ modules.datetime.date(2024, 1, 1) < modules.datetime.date(2024, 1, 2) }}|{{ modules.datetime.date(2024, 1, 1) == modules.datetime.date(2024, 1, 1) }}|{{ [modules.datetime.date(2024, 5, 1), modules.datetime.date(2023, 1, 1)] | sort | first }}|{{ modules.datetime.timedelta(days=1) > modules.datetime.timedelta(hours=23) }}", "True|True|2023-01-01|True"],
  ["{{ run_started_at - modules.datetime.timedelta(days=7) }}|{{ (run_started_at - modules.datetime.timedelta(days=7)).strftime('%Y%m%d') }}", "2026-11-16 07:05:09.123456+00:00|20261116"],
  ["{{ modules.datetime.date(2024, 1, 31).replace(day=1) }}|{{ modules.datetime.datetime(2024, 1, 31, 10).replace(month=2, day=29, hour=0) }}", "2024-01-01|2024-02-29 00:00:00"],
  ["{{ modules.datetime.datetime.strptime('2024-01-05 10:11', '%Y-%m-%d %H:%M') }}|{{ modules.datetime.datetime.strptime('05/Jan/24 03PM', '%d/%b/%y %I%p') }}", "2024-01-05 10:11:00|2024-01-05 15:00:00"],
  ["{{ modules.datetime.datetime.strptime('2024-06-01T00:00:00+0530', '%Y-%m-%dT%H:%M:%S%z') }}|{{ modules.datetime.datetime.strptime('2024 060', '%Y %j').date() }}|{{ modules.datetime.datetime.strptime('12.5', '%S.%f') }}", "2024-06-01 00:00:00+05:30|2024-02-29|1900-01-01 00:00:12.500000"],
  ["{{ modules.datetime.datetime.fromisoformat('2024-01-05T10:11:12.5+02:00') }}|{{ modules.datetime.date.fromisoformat('2024-01-05') }}|{{ modules.datetime.datetime.fromisoformat('2024-01-05') }}", "2024-01-05 10:11:12.500000+02:00|2024-01-05|2024-01-05 00:00:00"],
  ["{{ modules.datetime.datetime(2024, 7, 1, 12, tzinfo=modules.pytz.utc).astimezone(modules.pytz.timezone('America/New_York')) }}|{{ modules.datetime.datetime(2024, 1, 1, 12, tzinfo=modules.pytz.utc).astimezone(modules.pytz.timezone('Europe/Paris')).strftime('%H:%M %Z %z') }}", "2024-07-01 08:00:00-04:00|13:00 CET +0100"],
  ["{{ run_started_at.astimezone(modules.pytz.timezone('Asia/Tokyo')).strftime('%Z') }}|{{ run_started_at.astimezone(modules.pytz.timezone('America/Sao_Paulo')).strftime('%Z') }}|{{ run_started_at.astimezone(modules.pytz.timezone('Asia/Kolkata')).tzname() }}", "JST|-03|IST"],
  ["{{ run_started_at.astimezone(modules.pytz.timezone('Asia/Kolkata')) }}|{{ modules.pytz.timezone('Asia/Kolkata') }}|{{ modules.pytz.utc }}|{{ modules.datetime.timezone.utc }}", "2026-11-23 12:35:09.123456+05:30|Asia/Kolkata|UTC|UTC"],
  ["{{ modules.pytz.timezone('Europe/Berlin').localize(modules.datetime.datetime(2024, 3, 31, 12)).isoformat() }}|{{ modules.datetime.datetime(2024, 1, 1, tzinfo=modules.datetime.timezone(modules.datetime.timedelta(hours=-3))) }}", "2024-03-31T12:00:00+02:00|2024-01-01 00:00:00-03:00"],
  ["{{ modules.datetime.datetime(2024, 1, 1, 0, 0, 0, 250000, tzinfo=modules.pytz.utc).timestamp() }}|{{ modules.datetime.datetime.fromtimestamp(86400.5, modules.pytz.utc) }}|{{ modules.datetime.datetime.utcfromtimestamp(0) }}", "1704067200.25|1970-01-02 00:00:00.500000+00:00|1970-01-01 00:00:00"],
  ["{{ modules.re.sub('[ -]+', '_', 'a b--c') }}|{{ modules.re.sub('(\\\\w+)@(\\\\w+)', '\\\\2 at \\\\1', 'me@home you@work') }}|{{ modules.re.sub('a', 'b', 'aaa', 2) }}|{{ modules.re.sub('x', 'y', 'XxX', flags=modules.re.IGNORECASE) }}", "a_b_c|home at me work at you|bba|yyy"],
  ["{{ modules.re.search('(?P<y>\\\\d{4})-(\\\\d\\\\d)', 'on 2024-05 ok').group('y') }}|{{ modules.re.search('(?P<y>\\\\d{4})-(\\\\d\\\\d)', 'on 2024-05 ok').group(2) }}|{{ modules.re.search('(?P<y>\\\\d{4})-(\\\\d\\\\d)', 'on 2024-05 ok').groups() }}|{{ modules.re.search('(?P<y>\\\\d{4})', 'x 1999').groupdict() }}", "2024|05|('2024', '05')|{'y': '1999'}"],
  ["{{ modules.re.match('\\\\d+', 'a1') }}|{{ modules.re.match('\\\\d+', '12a').group() }}|{{ modules.re.fullmatch('\\\\d+', '12a') }}|{{ modules.re.fullmatch('\\\\d+|a', '12').group(0) }}", "None|12|None|12"],
  ["{{ modules.re.findall('\\\\d+', 'a1b22c333') }}|{{ modules.re.findall('(\\\\w)(\\\\d)', 'a1 b2') }}|{{ modules.re.findall('(\\\\d)x', '1x 2x') }}|{{ modules.re.split('[,;]\\\\s*', 'a, b;c') }}|{{ modules.re.split('(-)', 'a-b') }}|{{ modules.re.split(',', 'a,b,c', 1) }}", "['1', '22', '333']|[('a', '1'), ('b', '2')]|['1', '2']|['a', 'b', 'c']|['a', '-', 'b']|['a', 'b,c']"],
  ["{{ modules.re.escape('a.b*c (d)') }}|{{ modules.re.compile('^select', modules.re.I).match('SELECT 1') is not none }}|{{ modules.re.compile('(?i)^select').search('Select x').span() }}|{{ modules.re.compile('a(b)?c').match('ac').group(1) }}", "a\\.b\\*c\\ \\(d\\)|True|(0, 6)|None"],
  ["{{ modules.re.search('^b', 'a\\nb', modules.re.MULTILINE).start() }}|{{ modules.re.search('a.b', 'a\\nb', modules.re.DOTALL) is not none }}|{{ modules.re.search('a.b', 'a\\nb') }}|{{ modules.re.subn('o', '0', 'foo') }}", "2|True|None|('f00', 2)"],
  ["{{ modules.re.sub('(?P<w>\\\\w+)', '<\\\\g<w>>', 'hi there') }}|{{ modules.re.search('(?P<x>a)(?P=x)', 'aa').end() }}|{{ modules.re.search('\\\\Aab\\\\Z', 'ab') is not none }}|{{ modules.re.compile('\\n  \\\\d+  # digits\\n  [a-z]\\n', modules.re.VERBOSE).findall('12a 3b') }}", "<hi> <there>|2|True|['12a', '3b']"],
  ["{{ modules.itertools.product([1, 2], ['a', 'b']) | list }}|{{ modules.itertools.product('ab', repeat=2) | list }}|{{ modules.itertools.chain([1], (2, 3)) | list }}|{{ modules.itertools.chain.from_iterable([[1], [2]]) | list }}", "[(1, 'a'), (1, 'b'), (2, 'a'), (2, 'b')]|[('a', 'a'), ('a', 'b'), ('b', 'a'), ('b', 'b')]|[1, 2, 3]|[1, 2]"],
  ["{{ modules.itertools.combinations('abc', 2) | list }}|{{ modules.itertools.combinations_with_replacement([1, 2], 2) | list }}|{{ modules.itertools.permutations([1, 2, 3], 2) | list }}|{{ modules.itertools.permutations('ab') | list }}", "[('a', 'b'), ('a', 'c'), ('b', 'c')]|[(1, 1), (1, 2), (2, 2)]|[(1, 2), (1, 3), (2, 1), (2, 3), (3, 1), (3, 2)]|[('a', 'b'), ('b', 'a')]"],
  ["{{ modules.itertools.islice('abcdef', 2) | list }}|{{ modules.itertools.islice('abcdef', 1, 5, 2) | list }}|{{ modules.itertools.repeat('x', 3) | list }}|{{ modules.itertools.zip_longest([1, 2], ['a'], fillvalue='-') | list }}", "['a', 'b']|['b', 'd']|['x', 'x', 'x']|[(1, 'a'), (2, '-')]"],
];

/** Python's run_started_at had 123456 microseconds; Floe's (a JS Date) has 123000. */
function atMillis(expected: string): string {
  return expected.replace(/123456/g, '123000');
}

function render(src: string, clock: () => Date = () => new Date(0)): string {
  const engine = createTemplateEngine();
  const r = engine.parse(src, 'models/t.sql');
  expect(r.diagnostics).toEqual([]);
  return engine.render(r.template!, { modules: pythonModules(clock), run_started_at: utcDateTime(RUN_STARTED_AT) });
}

function renderError(src: string): string {
  try {
    render(src);
  } catch (e) {
    if (isFloeError(e)) return `${e.code}: ${e.message}`;
    throw e;
  }
  throw new Error(`expected ${src} to fail`);
}

describe('modules: parity with Python', () => {
  test.each(PYTHON_CASES)('%s', (src, expected) => {
    expect(render(src)).toBe(atMillis(expected));
  });
});

describe('modules: the clock and errors', () => {
  test('now() and today() read the clock they are given, in the process zone', () => {
    let reads = 0;
    const clock = () => {
      reads++;
      return new Date(2030, 0, 2, 3, 4, 5, 6);
    };
    expect(render('{{ modules.datetime.datetime.now() }}|{{ modules.datetime.date.today() }}', clock)).toBe('2030-01-02 03:04:05.006000|2030-01-02');
    expect(reads).toBe(2);
    expect(render("{{ modules.datetime.datetime.now(modules.pytz.utc).tzinfo }}|{{ modules.datetime.datetime.utcnow().tzinfo }}", clock)).toBe('UTC|None');
  });

  test('Python errors become template errors with the position', () => {
    expect(renderError("{{ modules.datetime.date(2024, 2, 30) }}")).toMatch(/day is out of range for month/);
    expect(renderError("{{ modules.datetime.datetime.strptime('2024-1-123', '%Y-%m-%d') }}")).toMatch(/unconverted data remains: 3/);
    expect(renderError("{{ modules.datetime.datetime.strptime('2024-13-01', '%Y-%m-%d') }}")).toMatch(/unconverted data remains: 3-01|does not match format/);
    expect(renderError("{{ modules.datetime.datetime.strptime('x', '%Y') }}")).toMatch(/time data 'x' does not match format '%Y'/);
    expect(renderError('{{ run_started_at < modules.datetime.datetime(2024, 1, 1) }}')).toMatch(/can't compare offset-naive and offset-aware datetimes/);
    expect(renderError("{{ modules.datetime.date(2024, 1, 1) < 3 }}")).toMatch(/'<' not supported between instances of 'date' and 'int'/);
    expect(renderError("{{ modules.pytz.timezone('Mars/Olympus') }}")).toMatch(/UnknownTimeZoneError: 'Mars\/Olympus'/);
    expect(renderError("{{ modules.datetime.timedelta(fortnights=1) }}")).toMatch(/unexpected keyword argument 'fortnights'/);
  });

  test('regular expressions JavaScript cannot run are refused with the reason', () => {
    expect(renderError("{{ modules.re.search('a++', 'aa') }}")).toMatch(/^FLOE_TEMPLATE_UNSUPPORTED: .*possessive quantifier/);
    expect(renderError("{{ modules.re.search('(?i:a)b', 'Ab') }}")).toMatch(/^FLOE_TEMPLATE_UNSUPPORTED: .*flag group inside the pattern/);
    expect(renderError("{{ modules.re.compile('(') }}")).toMatch(/re\.error: .*Unterminated group/);
  });

  test('a float with no fraction prints as an int (known difference: template numbers do not keep the int/float distinction)', () => {
    expect(render('{{ modules.datetime.timedelta(minutes=90).total_seconds() }}')).toBe('5400'); // Python: 5400.0
  });

  test('itertools stays bounded', () => {
    expect(renderError('{{ modules.itertools.product(range(1000), range(1000), range(2)) | list }}')).toMatch(/would produce 2000000 items/);
  });
});
