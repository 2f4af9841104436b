#!/usr/bin/env bash
# Prepares the local BigQuery emulator (bqemulator from PyPI, DuckDB-backed, speaks
# BigQuery's REST protocol) and prints the venv path. Idempotent; cached under
# ~/.cache/floe/venvs. bqemulator loads DuckDB's spatial extension at start; it is
# installed from the duckdb-extension-spatial wheel, so nothing is downloaded at run time.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
venv=$(bash "$root/tools/python/ensure-venv.sh" bigquery "$root/tools/python/requirements-bigquery.txt")
"$venv/bin/python" - <<'PY' >&2
import glob, os, duckdb, duckdb_extension_spatial
ext = glob.glob(os.path.join(os.path.dirname(duckdb_extension_spatial.__file__), 'extensions', '*', 'spatial.duckdb_extension'))[0]
con = duckdb.connect()
installed = con.execute("select installed from duckdb_extensions() where extension_name = 'spatial'").fetchone()[0]
if not installed:
    con.execute(f"INSTALL '{ext}'")
    print(f"prepare: installed DuckDB spatial extension from {ext}")
PY
echo "$venv"
