import type { Diagnostic } from '../errors';
import type { WorkNode } from './work-nodes';

/**
 * Compile-time capability checks: a model that needs what its target lacks
 * is an error naming the model, the target and what to do.
 */
export function checkCapabilities(node: WorkNode, byKey: Map<string, WorkNode>): Diagnostic[] {
  const out: Diagnostic[] = [];
  const compute = node.compute;
  if (!compute || node.resourceType === 'test') return out;
  const caps = compute.plugin.capabilities;
  const target = compute.plugin.name;
  const m = String(node.config.materialized);
  const at = node.configAt ?? node.at;
  const fail = (code: Diagnostic['code'], message: string, hint: string) =>
    out.push({ code, severity: 'error', message, hint, file: at.file, line: at.line, column: at.column });

  if (node.resourceType === 'seed') {
    if (!caps.seeds) fail('FLOE_CAPABILITY_MISSING', `seed "${node.name}": target "${target}" (compute "${compute.name}") cannot load seeds`, 'Load seeds on a batch compute (e.g. duckdb).');
    return out;
  }
  if (m === 'streaming_table' && caps.executionModel !== 'streaming') {
    fail(
      'FLOE_CAPABILITY_MISSING',
      `model "${node.name}": materialized='streaming_table' needs a streaming target, but compute "${compute.name}" is "${target}"`,
      "Set compute: to a streaming compute (type: flink) for this model, or use 'table'/'incremental' for batch.",
    );
    return out;
  }
  if (!(caps.materializations as readonly string[]).includes(m)) {
    const alternative =
      caps.executionModel === 'streaming'
        ? m === 'incremental'
          ? "use materialized='streaming_table' with unique_key (an upsert sink) instead"
          : m === 'snapshot'
            ? 'run snapshots on a batch compute (duckdb, snowflake, bigquery)'
            : `use one of: ${caps.materializations.join(', ')}`
        : `use one of: ${caps.materializations.join(', ')}`;
    fail('FLOE_CAPABILITY_MISSING', `model "${node.name}": target "${target}" does not support materialized='${m}'`, alternative.charAt(0).toUpperCase() + alternative.slice(1) + '.');
    return out;
  }
  if (m === 'incremental') {
    const strategy = String(node.config.incremental_strategy ?? (node.config.unique_key ? 'merge' : 'append'));
    if (!(caps.incrementalStrategies as readonly string[]).includes(strategy)) {
      fail('FLOE_CAPABILITY_MISSING', `model "${node.name}": target "${target}" does not support incremental_strategy='${strategy}'`, `Use one of: ${caps.incrementalStrategies.join(', ') || 'none'}.`);
    }
    if ((strategy === 'merge' || strategy === 'delete+insert') && !hasKey(node.config.unique_key)) {
      fail('FLOE_CONFIG_REQUIRED', `model "${node.name}": incremental_strategy='${strategy}' needs unique_key`, "Add unique_key='id' (or a list of columns) to the model's config, or use incremental_strategy='append'.");
    }
    const osc = node.config.on_schema_change;
    if (osc !== undefined && !(caps.onSchemaChange as readonly string[]).includes(String(osc))) {
      fail('FLOE_CAPABILITY_MISSING', `model "${node.name}": on_schema_change='${String(osc)}' is not supported by "${target}"`, `Use one of: ${caps.onSchemaChange.join(', ')}.`);
    }
  }
  if (node.resourceType === 'snapshot') {
    const strategy = String(node.config.strategy ?? '');
    if (!strategy) {
      fail('FLOE_CONFIG_REQUIRED', `snapshot "${node.name}": config needs strategy ('timestamp' or 'check')`, "Add strategy='timestamp' with updated_at='<column>', or strategy='check' with check_cols=[...].");
    } else if (!(caps.snapshotStrategies as readonly string[]).includes(strategy)) {
      fail('FLOE_CAPABILITY_MISSING', `snapshot "${node.name}": strategy '${strategy}' is not supported by "${target}"`, `Use one of: ${caps.snapshotStrategies.join(', ') || 'none'}.`);
    }
    if (!hasKey(node.config.unique_key)) fail('FLOE_CONFIG_REQUIRED', `snapshot "${node.name}": config needs unique_key`, "Add unique_key='id' to the snapshot's config.");
    if (strategy === 'timestamp' && !node.config.updated_at) fail('FLOE_CONFIG_REQUIRED', `snapshot "${node.name}": strategy 'timestamp' needs updated_at`, "Add updated_at='<timestamp column>' to the snapshot's config.");
    if (strategy === 'check' && !node.config.check_cols) fail('FLOE_CONFIG_REQUIRED', `snapshot "${node.name}": strategy 'check' needs check_cols`, "Add check_cols=['col', ...] or check_cols='all'.");
  }
  // A ref across computes is only expressible when the upstream is a streaming model (read back through its topic).
  for (const dep of node.dependsOn) {
    const up = byKey.get(dep);
    if (!up?.compute || up.compute.name === compute.name) continue;
    if (up.config.materialized === 'streaming_table') {
      // The hand-off is a topic: a batch model reads it through a stream source on its own compute (loaded as a snapshot).
      if (caps.executionModel === 'batch') {
        const topic = typeof up.config.topic === 'string' ? up.config.topic : '<project>.' + up.name;
        fail(
          'FLOE_CROSS_COMPUTE_REF',
          `model "${node.name}" (compute "${compute.name}") refs streaming model "${up.name}"; a batch model reads a stream through a source`,
          `Declare a source on compute "${compute.name}" with stream: { kafka: { topic: ${topic}, key: [...] } } and its columns, and select from source(...) instead.`,
        );
      }
      continue;
    }
    fail(
      'FLOE_CROSS_COMPUTE_REF',
      `model "${node.name}" (compute "${compute.name}") refs "${up.name}" on compute "${up.compute.name}"`,
      'Move both models to one compute, or read the other side through a source.',
    );
  }
  return out;
}

function hasKey(v: unknown): boolean {
  return typeof v === 'string' ? v.length > 0 : Array.isArray(v) && v.length > 0;
}
