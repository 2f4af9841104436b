"""Transpiles SQL statements from one dialect to another with sqlglot (level-2 checks).

Reads a JSON array of statements on stdin, prints a JSON array of transpiled
statements (one each; a statement sqlglot cannot transpile raises).
Usage: python sqlglot_transpile.py snowflake duckdb < statements.json
"""

import json
import sys

import sqlglot
from sqlglot.errors import ErrorLevel


def main() -> int:
    read, write = sys.argv[1], sys.argv[2]
    out = [";\n".join(sqlglot.transpile(s, read=read, write=write, unsupported_level=ErrorLevel.IGNORE)) for s in json.load(sys.stdin)]
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
