import { PluginRegistry } from '@floe/core';
import duckdb from '@floe/target-duckdb';
import snowflake from '@floe/target-snowflake';
import bigquery from '@floe/target-bigquery';
import flink from '@floe/target-flink-experimental';
import dagster from '@floe/plugin-dagster';

/** The CLI's built-in plugins; floe.yaml `plugins:` adds more at compile time. */
export function builtinRegistry(): PluginRegistry {
  return new PluginRegistry([duckdb, snowflake, bigquery, flink, dagster]);
}
