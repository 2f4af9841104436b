import { PLUGIN_API_VERSION, defineTarget } from '@floe/core';
import { snowflakeCapabilities } from './capabilities';
import { compileSnowflakeNode } from './compile-node';
import { snowflakeConfigSchema, type SnowflakeConfig } from './config';
import { connectSnowflake } from './connection';
import { createSnowflakeDialect, mapType } from './dialect';

export { snowflakeConfigSchema, type SnowflakeConfig, createSnowflakeDialect, mapType, snowflakeCapabilities };
export { sql as snowflakeSql } from './materialize/statements';
export { statementListeners } from './session';

/** Snowflake through the official snowflake-sdk (loaded only when a run connects). */
const snowflake = defineTarget<SnowflakeConfig>({
  name: 'snowflake',
  apiVersion: PLUGIN_API_VERSION,
  stability: 'stable',
  description: 'Snowflake via the official snowflake-sdk',
  configSchema: snowflakeConfigSchema,
  capabilities: snowflakeCapabilities,
  createDialect: (config) => ({ ...createSnowflakeDialect(config), compileNode: (node) => compileSnowflakeNode(config, node) }),
  connect: connectSnowflake,
});

export default snowflake;
export { snowflake };
