import type { CompiledNode } from '@floe/core';

// unique_key, on_schema_change and string configs are read the same way by every target.
export { uniqueKey, onSchemaChange, stringConfig } from '@floe/core';

/** TRANSIENT (no fail-safe storage) unless the model or the target config says otherwise. */
export function isTransient(node: Pick<CompiledNode, 'config'>, targetDefault: boolean): boolean {
  const v = node.config['transient'];
  return typeof v === 'boolean' ? v : targetDefault;
}
