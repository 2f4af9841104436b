"""Parses SQL statements with sqlglot in one dialect and reports the ones it cannot parse.

Reads a JSON array of statements on stdin; prints a JSON object
{"parsed": n, "failures": [{"sql": ..., "error": ...}], "commands": [...]}.
A statement sqlglot only keeps as an opaque Command (it did not understand it) is
listed under "commands"; callers decide whether that is acceptable.
Usage: python sqlglot_parse.py snowflake < statements.json
"""

import json
import sys

import sqlglot
from sqlglot import exp
from sqlglot.errors import ErrorLevel


def main() -> int:
    dialect = sys.argv[1] if len(sys.argv) > 1 else "snowflake"
    statements = json.load(sys.stdin)
    failures = []
    commands = []
    for sql in statements:
        try:
            trees = sqlglot.parse(sql, read=dialect, error_level=ErrorLevel.RAISE)
            if any(isinstance(t, exp.Command) for t in trees if t is not None):
                commands.append(sql)
        except Exception as e:  # noqa: BLE001 - every parser error is a finding
            failures.append({"sql": sql, "error": str(e)[:500]})
    print(json.dumps({"sqlglot": sqlglot.__version__, "parsed": len(statements) - len(failures), "failures": failures, "commands": commands}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
