#!/usr/bin/env node
// Custom tooling on Floe's public API only (`@floe/core` plus a target's
// default export): compile a project, list the models whose compiled SQL
// changed against a previous artifacts file, and print a lineage summary.
//
//   node changed-models.mjs --project-dir ../shop [--previous old/compiled_artifacts.json] [--json]
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { PluginRegistry, compileProject, isFloeError, readArtifactsFile, sha256 } from '@floe/core';
import duckdb from '@floe/target-duckdb';

const { values } = parseArgs({
  options: { 'project-dir': { type: 'string', default: '.' }, previous: { type: 'string' }, json: { type: 'boolean', default: false } },
});
const projectDir = resolve(values['project-dir']);

// 1. Compile (pure: no database is opened). Targets come from an explicit registry.
const registry = new PluginRegistry([duckdb]);
const { artifacts, diagnostics } = await compileProject({ projectDir, registry });
if (!artifacts) {
  for (const d of diagnostics) console.error(`${d.file ?? ''}:${d.line ?? 0}:${d.column ?? 0} ${d.code} ${d.message}`);
  process.exit(2);
}

// 2. Models whose compiled SQL differs from the previous artifacts (new models count as changed).
let previous;
if (values.previous && existsSync(values.previous)) {
  try {
    previous = await readArtifactsFile(values.previous);
  } catch (e) {
    console.error(isFloeError(e) ? `${e.code}: ${e.message}` : String(e));
    process.exit(2);
  }
}
const models = Object.values(artifacts.nodes).filter((n) => n.resourceType === 'model');
const sqlOf = (n) => sha256(n.compiledSql ?? '');
const changed = models
  .filter((n) => {
    const before = previous?.nodes[n.id];
    return !before || sqlOf(before) !== sqlOf(n);
  })
  .map((n) => n.name)
  .sort();
const removed = previous
  ? Object.values(previous.nodes)
      .filter((n) => n.resourceType === 'model' && !artifacts.nodes[n.id])
      .map((n) => n.name)
      .sort()
  : [];

// 3. Lineage: direct parents and all downstream models of each model.
const nameOf = (id) => artifacts.nodes[id]?.name ?? artifacts.sources[id]?.name ?? id;
const downstream = (id, seen = new Set()) => {
  for (const c of artifacts.childMap[id] ?? []) {
    if (artifacts.nodes[c]?.resourceType === 'model' && !seen.has(c)) {
      seen.add(c);
      downstream(c, seen);
    }
  }
  return seen;
};
const lineage = models
  .map((n) => ({
    model: n.name,
    materialized: n.materialized,
    parents: (artifacts.parentMap[n.id] ?? []).map(nameOf).sort(),
    downstream: [...downstream(n.id)].map(nameOf).sort(),
  }))
  .sort((a, b) => a.model.localeCompare(b.model));

if (values.json) {
  console.log(JSON.stringify({ project: artifacts.project.name, baseline: previous ? 'previous' : 'none', changed, removed, lineage }, null, 2));
} else {
  console.log(`${artifacts.project.name}: ${models.length} models, ${changed.length} changed${previous ? '' : ' (no previous artifacts: all new)'}`);
  for (const m of changed) console.log(`  changed  ${m}`);
  for (const m of removed) console.log(`  removed  ${m}`);
  console.log('lineage:');
  for (const l of lineage) {
    console.log(`  ${l.model} (${l.materialized}) ← ${l.parents.join(', ') || '-'}${l.downstream.length ? `  → ${l.downstream.join(', ')}` : ''}`);
  }
}
