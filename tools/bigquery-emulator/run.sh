#!/usr/bin/env bash
# Starts the BigQuery emulator in the foreground on 127.0.0.1 (REST port $1, default 9050).
# Point a bigquery compute at it with `api_endpoint: http://127.0.0.1:9050`.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
venv=$(bash "$here/prepare.sh")
port=${1:-9050}
exec "$venv/bin/bqemulator-floe" start --rest-host 127.0.0.1 --rest-port "$port" --grpc-host 127.0.0.1 --grpc-port 0 --ephemeral --project "${BQ_EMULATOR_PROJECT:-floe-test}" --log-level warning
