#!/usr/bin/env node
// Runs part of a project through the public API and reports each node as it
// finishes (status, seconds, rows), like a custom scheduler or dashboard would.
//
//   node build-with-events.mjs --project-dir ../shop --select +orders [--json]
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { PluginRegistry, compileProject, runArtifacts, selectNodes } from '@floe/core';
import duckdb from '@floe/target-duckdb';

const { values } = parseArgs({
  options: { 'project-dir': { type: 'string', default: '.' }, select: { type: 'string', multiple: true }, json: { type: 'boolean', default: false } },
});
const projectDir = resolve(values['project-dir']);
const registry = new PluginRegistry([duckdb]);
const { artifacts, graph, diagnostics } = await compileProject({ projectDir, registry });
if (!artifacts || !graph) {
  for (const d of diagnostics) console.error(`${d.file ?? ''}:${d.line ?? 0} ${d.code} ${d.message}`);
  process.exit(2);
}

// Seeds and models in the selection, plus tests whose every parent is selected (dbt's cautious indirect selection).
const nodeIds = selectNodes(graph, { ...(values.select ? { select: values.select } : {}), resourceTypes: ['seed', 'model', 'test'], indirectSelection: 'cautious' });
const events = [];
const results = await runArtifacts({
  artifacts,
  registry,
  projectDir,
  nodeIds,
  threads: 4,
  failFast: false,
  fullRefresh: false,
  onEvent: (e) => {
    if (e.type === 'node_started') events.push({ type: e.type, node: artifacts.nodes[e.uniqueId]?.name, index: e.index, total: e.total });
    if (e.type === 'node_finished') {
      const r = e.result;
      events.push({ type: e.type, node: artifacts.nodes[e.uniqueId]?.name, status: r.status, seconds: r.executionTime, rows: r.rowsAffected ?? null, failures: r.failures ?? null });
      if (!values.json) console.log(`${String(e.index).padStart(2)}/${e.total} ${r.status.padEnd(7)} ${artifacts.nodes[e.uniqueId]?.name} ${r.executionTime.toFixed(3)}s${r.rowsAffected !== undefined ? ` ${r.rowsAffected} rows` : ''}`);
    }
  },
});
if (values.json) console.log(JSON.stringify({ success: results.success, events }, null, 2));
else console.log(results.success ? 'OK' : 'FAILED');
process.exit(results.success ? 0 : 1);
