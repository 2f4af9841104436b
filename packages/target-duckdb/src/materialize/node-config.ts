// unique_key / on_schema_change / string configs are read the same way by every target.
export { uniqueKey, onSchemaChange, stringConfig } from '@floe/core';
