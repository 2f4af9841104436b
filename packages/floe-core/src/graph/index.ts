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
