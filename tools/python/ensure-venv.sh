#!/usr/bin/env bash
# Creates (once) a Python virtual environment for one purpose and prints its
# path. Environments live under the user's cache folder so CI reuses them:
#   ${XDG_CACHE_HOME:-~/.cache}/floe/venvs/<name>-<hash of requirements file>
# Usage: tools/python/ensure-venv.sh <name> <requirements-file>
set -euo pipefail
name=${1:?usage: ensure-venv.sh <name> <requirements-file>}
req=${2:?usage: ensure-venv.sh <name> <requirements-file>}
[ -f "$req" ] || { echo "ensure-venv: no requirements file $req" >&2; exit 2; }
cache=${XDG_CACHE_HOME:-$HOME/.cache}/floe/venvs
hash=$( (cat "$req"; python3 -V 2>&1) | sha256sum | cut -c1-12)
dir=$cache/$name-$hash
if [ ! -x "$dir/bin/python" ] || [ ! -f "$dir/.complete" ]; then
  rm -rf "$dir"
  mkdir -p "$cache"
  echo "ensure-venv: creating $dir from $req" >&2
  python3 -m venv "$dir" >&2
  "$dir/bin/python" -m pip install --quiet --upgrade pip >&2
  "$dir/bin/python" -m pip install --quiet -r "$req" >&2
  touch "$dir/.complete"
fi
echo "$dir"
