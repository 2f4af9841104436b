/**
 * The dependency graph of a compiled project and dbt's node selection
 * language. Pure and synchronous: no I/O, no graph library. The compiler
 * builds a `DependencyGraph` from its nodes (and reports `missingDependencies()`
 * and cycles as diagnostics); commands call `resolveSelection`/`selectNodes`
 * with the `--select`/`--exclude` arguments.
 *
 * Differences from dbt-core 1.x, on purpose: a bare glob (`stg_*`) also
 * matches nested leaf names (as dbt Fusion does); `config.KEY:VALUE` also
 * matches numbers by their decimal text; methods for things Floe has no
 * equivalent of (exposure, metric, group, access, version, result,
 * source_status, unit_test, ...) are rejected with FLOE_SELECTOR_INVALID.
 */
export type { GraphResourceType, GraphNode, MissingDependency } from './types';
export { GRAPH_RESOURCE_TYPES } from './types';
export { DependencyGraph, compareIds, type TopologicalResult } from './dependency-graph';
export {
  parseSelector,
  SELECTOR_METHODS,
  STATE_SELECTORS,
  type SelectorExpr,
  type SelectorIntersection,
  type SelectorCriterion,
  type SelectorMethodName,
} from './selector-syntax';
export { selectNodes, resolveSelection, type SelectOptions, type SelectionResult, type IndirectSelection } from './select-nodes';
export type { SelectionState } from './selector-methods';
