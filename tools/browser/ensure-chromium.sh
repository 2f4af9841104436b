#!/usr/bin/env bash
# Makes sure Debian's headless Chromium is installed and prints its path.
# Idempotent: does nothing when a working chromium is already there. Browser
# tests (playwright-core, which downloads no browser) launch this binary.
# FLOE_CHROMIUM=/path/to/chromium skips the check and uses that binary.
set -euo pipefail
if [ -n "${FLOE_CHROMIUM:-}" ] && [ -x "$FLOE_CHROMIUM" ]; then echo "$FLOE_CHROMIUM"; exit 0; fi
find_bin() {
  for b in /usr/bin/chromium /usr/bin/chromium-browser /usr/lib/chromium/chromium; do
    if [ -x "$b" ]; then echo "$b"; return 0; fi
  done
  return 1
}
if bin=$(find_bin); then echo "$bin"; exit 0; fi
SUDO=""
if [ "$(id -u)" != 0 ]; then
  if command -v sudo >/dev/null; then SUDO="sudo -n"; else echo "ensure-chromium: need root (or sudo) to apt-get install chromium" >&2; exit 1; fi
fi
# The downloaded .debs are kept under the floe cache (which CI caches), so a
# fresh machine with a warm cache installs without downloading them again.
DEBS=${XDG_CACHE_HOME:-$HOME/.cache}/floe/apt-archives
mkdir -p "$DEBS/partial"
export DEBIAN_FRONTEND=noninteractive
echo "ensure-chromium: installing Debian's chromium package (about 40 s, 110 MB; .debs cached in $DEBS)" >&2
$SUDO apt-get update -qq >&2
$SUDO apt-get install -y -qq --no-install-recommends -o "Dir::Cache::Archives=$DEBS" chromium fonts-dejavu-core >&2
bin=$(find_bin) || { echo "ensure-chromium: chromium was installed but no binary was found" >&2; exit 1; }
echo "$bin"
