#!/usr/bin/env bash
# The end-to-end suite: every package's `test:e2e` script (real DuckDB files,
# dbt-duckdb, Dagster, Kafka and Flink started by the project's own scripts).
set -euo pipefail
cd "$(dirname "$0")/../.."
export FLOE_E2E=1
npx nx run-many -t test:e2e --output-style=static --parallel=1
