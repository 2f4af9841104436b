import type { NodeResult, RunResults } from './run-results';

/** Progress events for the CLI, logs and Dagster Pipes. Listeners must not throw (a throw is ignored). */
export type RunEvent =
  | { type: 'run_started'; invocationId: string; nodeIds: string[]; threads: number; at: string }
  | { type: 'node_started'; uniqueId: string; resourceType: string; materialized: string; index: number; total: number; at: string }
  | { type: 'node_finished'; uniqueId: string; result: NodeResult; index: number; total: number }
  | { type: 'run_finished'; results: RunResults };
