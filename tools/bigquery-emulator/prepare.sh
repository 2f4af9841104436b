#!/usr/bin/env bash
# Prepares the local BigQuery emulator (bqemulator from PyPI, DuckDB-backed, speaks
# BigQuery's REST protocol) and prints the venv path. Idempotent; cached under
# ~/.cache/floe/venvs. bqemulator loads DuckDB's spatial extension at start; it is
# installed from the duckdb-extension-spatial wheel, so nothing is downloaded at run time.
# DuckDB keeps extensions under $HOME/.duckdb, so the emulator runs with HOME set to a
# folder in Floe's cache (never the user's ~/.duckdb): start it with $venv/bin/bqemulator-floe.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
venv=$(bash "$root/tools/python/ensure-venv.sh" bigquery "$root/tools/python/requirements-bigquery.txt")
duckdb_home="${XDG_CACHE_HOME:-$HOME/.cache}/floe/bqemulator-home"
mkdir -p "$duckdb_home"
cat > "$venv/bin/bqemulator-floe" <<SH
#!/usr/bin/env bash
# Written by tools/bigquery-emulator/prepare.sh: bqemulator with DuckDB's extension folder in Floe's cache.
HOME="$duckdb_home" exec "$venv/bin/bqemulator" "\$@"
SH
chmod +x "$venv/bin/bqemulator-floe"
HOME="$duckdb_home" "$venv/bin/python" - <<'PY' >&2
import glob, os, duckdb, duckdb_extension_spatial
ext = glob.glob(os.path.join(os.path.dirname(duckdb_extension_spatial.__file__), 'extensions', '*', 'spatial.duckdb_extension'))[0]
con = duckdb.connect()
installed = con.execute("select installed from duckdb_extensions() where extension_name = 'spatial'").fetchone()[0]
if not installed:
    con.execute(f"INSTALL '{ext}'")
    print(f"prepare: installed DuckDB spatial extension from {ext}")
PY
echo "$venv"
