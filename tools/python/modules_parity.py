"""Prints the expected outputs for packages/floe-core/test/template/python-modules.test.ts.

Renders each template with real Jinja2 and the Python modules dbt puts in its
`modules` context variable (datetime, pytz, re, itertools), with
`run_started_at` fixed, as dbt-core's context does. Run it with the dbt venv's
Python (it has jinja2 and pytz) and paste the printed cases into the test:

  TZ=UTC "$(bash tools/python/ensure-venv.sh dbt tools/python/requirements-dbt.txt)/bin/python" tools/python/modules_parity.py
"""
import datetime
import itertools
import json
import re

import jinja2
import pytz

RUN_STARTED_AT = datetime.datetime(2026, 11, 23, 7, 5, 9, 123456, tzinfo=pytz.utc)

TEMPLATES = [
    # datetime: construction, printing, attributes
    "{{ run_started_at }}|{{ run_started_at.year }}|{{ run_started_at.tzinfo }}",
    "{{ run_started_at.strftime('%Y-%m-%d %H:%M:%S.%f %z %Z %a %A %b %B %j %U %W %w %p %I %y') }}",
    "{{ run_started_at.strftime('%-d/%-m/%Y %-H:%M') }}|{{ run_started_at.strftime('%%') }}",
    "{{ run_started_at.isoformat() }}|{{ run_started_at.date() }}|{{ run_started_at.date().isoformat() }}",
    "{{ modules.datetime.datetime(2024, 2, 29, 13, 4) }}|{{ modules.datetime.date(2024, 2, 29) }}|{{ modules.datetime.datetime(2024, 1, 1, 0, 0, 0, 5) }}",
    "{{ modules.datetime.datetime(year=2020, month=12, day=31).isoformat(' ') }}|{{ modules.datetime.datetime(2020, 1, 2, 3, 4, 5).isoformat(timespec='minutes') }}",
    "{{ modules.datetime.date(2024, 1, 1).weekday() }}{{ modules.datetime.date(2024, 1, 1).isoweekday() }}|{{ modules.datetime.date(2021, 1, 3).isocalendar() | list }}|{{ modules.datetime.date(2024, 12, 30).isocalendar() | list }}",
    "{{ modules.datetime.date(2024, 3, 10).toordinal() }}|{{ modules.datetime.date.fromordinal(738955) }}",
    # arithmetic and comparisons
    "{{ modules.datetime.date(2024, 2, 28) + modules.datetime.timedelta(days=2) }}|{{ modules.datetime.date(2024, 3, 1) - modules.datetime.timedelta(days=1) }}",
    "{{ modules.datetime.date(2024, 3, 1) - modules.datetime.date(2023, 3, 1) }}|{{ (modules.datetime.date(2024, 3, 1) - modules.datetime.date(2023, 3, 1)).days }}",
    "{{ modules.datetime.datetime(2024, 3, 31, 1, 30) - modules.datetime.datetime(2024, 1, 1) }}|{{ modules.datetime.datetime(2024, 1, 1) - modules.datetime.datetime(2024, 1, 2, 0, 0, 1) }}",
    "{{ modules.datetime.datetime(2024, 12, 31, 23, 59) + modules.datetime.timedelta(minutes=2) }}|{{ modules.datetime.timedelta(hours=1) + modules.datetime.datetime(2024, 1, 1) }}",
    "{{ modules.datetime.timedelta(days=1, hours=2, minutes=3, seconds=4, microseconds=5) }}|{{ modules.datetime.timedelta(hours=-1) }}|{{ modules.datetime.timedelta(weeks=2).days }}|{{ modules.datetime.timedelta(minutes=90, microseconds=500000).total_seconds() }}",
    "{{ modules.datetime.timedelta(hours=1.5) }}|{{ modules.datetime.timedelta(days=1) * 3 }}|{{ -modules.datetime.timedelta(seconds=1) }}|{{ modules.datetime.timedelta(seconds=30) - modules.datetime.timedelta(minutes=1) }}",
    "{{ modules.datetime.date(2024, 1, 1) < modules.datetime.date(2024, 1, 2) }}|{{ modules.datetime.date(2024, 1, 1) == modules.datetime.date(2024, 1, 1) }}|{{ [modules.datetime.date(2024, 5, 1), modules.datetime.date(2023, 1, 1)] | sort | first }}|{{ modules.datetime.timedelta(days=1) > modules.datetime.timedelta(hours=23) }}",
    "{{ run_started_at - modules.datetime.timedelta(days=7) }}|{{ (run_started_at - modules.datetime.timedelta(days=7)).strftime('%Y%m%d') }}",
    "{{ modules.datetime.date(2024, 1, 31).replace(day=1) }}|{{ modules.datetime.datetime(2024, 1, 31, 10).replace(month=2, day=29, hour=0) }}",
    # parsing
    "{{ modules.datetime.datetime.strptime('2024-01-05 10:11', '%Y-%m-%d %H:%M') }}|{{ modules.datetime.datetime.strptime('05/Jan/24 03PM', '%d/%b/%y %I%p') }}",
    "{{ modules.datetime.datetime.strptime('2024-06-01T00:00:00+0530', '%Y-%m-%dT%H:%M:%S%z') }}|{{ modules.datetime.datetime.strptime('2024 060', '%Y %j').date() }}|{{ modules.datetime.datetime.strptime('12.5', '%S.%f') }}",
    "{{ modules.datetime.datetime.fromisoformat('2024-01-05T10:11:12.5+02:00') }}|{{ modules.datetime.date.fromisoformat('2024-01-05') }}|{{ modules.datetime.datetime.fromisoformat('2024-01-05') }}",
    # time zones
    "{{ modules.datetime.datetime(2024, 7, 1, 12, tzinfo=modules.pytz.utc).astimezone(modules.pytz.timezone('America/New_York')) }}|{{ modules.datetime.datetime(2024, 1, 1, 12, tzinfo=modules.pytz.utc).astimezone(modules.pytz.timezone('Europe/Paris')).strftime('%H:%M %Z %z') }}",
    "{{ run_started_at.astimezone(modules.pytz.timezone('Asia/Tokyo')).strftime('%Z') }}|{{ run_started_at.astimezone(modules.pytz.timezone('America/Sao_Paulo')).strftime('%Z') }}|{{ run_started_at.astimezone(modules.pytz.timezone('Asia/Kolkata')).tzname() }}",
    "{{ run_started_at.astimezone(modules.pytz.timezone('Asia/Kolkata')) }}|{{ modules.pytz.timezone('Asia/Kolkata') }}|{{ modules.pytz.utc }}|{{ modules.datetime.timezone.utc }}",
    "{{ modules.pytz.timezone('Europe/Berlin').localize(modules.datetime.datetime(2024, 3, 31, 12)).isoformat() }}|{{ modules.datetime.datetime(2024, 1, 1, tzinfo=modules.datetime.timezone(modules.datetime.timedelta(hours=-3))) }}",
    "{{ modules.datetime.datetime(2024, 1, 1, 0, 0, 0, 250000, tzinfo=modules.pytz.utc).timestamp() }}|{{ modules.datetime.datetime.fromtimestamp(86400.5, modules.pytz.utc) }}|{{ modules.datetime.datetime.utcfromtimestamp(0) }}",
    # re
    "{{ modules.re.sub('[ -]+', '_', 'a b--c') }}|{{ modules.re.sub('(\\\\w+)@(\\\\w+)', '\\\\2 at \\\\1', 'me@home you@work') }}|{{ modules.re.sub('a', 'b', 'aaa', 2) }}|{{ modules.re.sub('x', 'y', 'XxX', flags=modules.re.IGNORECASE) }}",
    "{{ modules.re.search('(?P<y>\\\\d{4})-(\\\\d\\\\d)', 'on 2024-05 ok').group('y') }}|{{ modules.re.search('(?P<y>\\\\d{4})-(\\\\d\\\\d)', 'on 2024-05 ok').group(2) }}|{{ modules.re.search('(?P<y>\\\\d{4})-(\\\\d\\\\d)', 'on 2024-05 ok').groups() }}|{{ modules.re.search('(?P<y>\\\\d{4})', 'x 1999').groupdict() }}",
    "{{ modules.re.match('\\\\d+', 'a1') }}|{{ modules.re.match('\\\\d+', '12a').group() }}|{{ modules.re.fullmatch('\\\\d+', '12a') }}|{{ modules.re.fullmatch('\\\\d+|a', '12').group(0) }}",
    "{{ modules.re.findall('\\\\d+', 'a1b22c333') }}|{{ modules.re.findall('(\\\\w)(\\\\d)', 'a1 b2') }}|{{ modules.re.findall('(\\\\d)x', '1x 2x') }}|{{ modules.re.split('[,;]\\\\s*', 'a, b;c') }}|{{ modules.re.split('(-)', 'a-b') }}|{{ modules.re.split(',', 'a,b,c', 1) }}",
    "{{ modules.re.escape('a.b*c (d)') }}|{{ modules.re.compile('^select', modules.re.I).match('SELECT 1') is not none }}|{{ modules.re.compile('(?i)^select').search('Select x').span() }}|{{ modules.re.compile('a(b)?c').match('ac').group(1) }}",
    "{{ modules.re.search('^b', 'a\\nb', modules.re.MULTILINE).start() }}|{{ modules.re.search('a.b', 'a\\nb', modules.re.DOTALL) is not none }}|{{ modules.re.search('a.b', 'a\\nb') }}|{{ modules.re.subn('o', '0', 'foo') }}",
    "{{ modules.re.sub('(?P<w>\\\\w+)', '<\\\\g<w>>', 'hi there') }}|{{ modules.re.search('(?P<x>a)(?P=x)', 'aa').end() }}|{{ modules.re.search('\\\\Aab\\\\Z', 'ab') is not none }}|{{ modules.re.compile('\\n  \\\\d+  # digits\\n  [a-z]\\n', modules.re.VERBOSE).findall('12a 3b') }}",
    # itertools
    "{{ modules.itertools.product([1, 2], ['a', 'b']) | list }}|{{ modules.itertools.product('ab', repeat=2) | list }}|{{ modules.itertools.chain([1], (2, 3)) | list }}|{{ modules.itertools.chain.from_iterable([[1], [2]]) | list }}",
    "{{ modules.itertools.combinations('abc', 2) | list }}|{{ modules.itertools.combinations_with_replacement([1, 2], 2) | list }}|{{ modules.itertools.permutations([1, 2, 3], 2) | list }}|{{ modules.itertools.permutations('ab') | list }}",
    "{{ modules.itertools.islice('abcdef', 2) | list }}|{{ modules.itertools.islice('abcdef', 1, 5, 2) | list }}|{{ modules.itertools.repeat('x', 3) | list }}|{{ modules.itertools.zip_longest([1, 2], ['a'], fillvalue='-') | list }}",
]


class Modules:
    pass


def main() -> None:
    modules = Modules()
    modules.datetime = datetime
    modules.pytz = pytz
    modules.re = re
    modules.itertools = itertools
    env = jinja2.Environment(extensions=["jinja2.ext.do", "jinja2.ext.loopcontrols"])
    for t in TEMPLATES:
        out = env.from_string(t).render(modules=modules, run_started_at=RUN_STARTED_AT)
        print(f"  [{json.dumps(t)}, {json.dumps(out)}],")


if __name__ == "__main__":
    main()
