import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { stableStringify } from '../artifacts/serialize';

/** Status of one node in a run. Models, seeds and snapshots: success/error/skipped; tests: pass/fail/warn/error/skipped. */
export type NodeStatus = 'success' | 'error' | 'skipped' | 'pass' | 'fail' | 'warn';

/** The result of one node in a run: status, timing, rows and checksum. */
export interface NodeResult {
  uniqueId: string;
  status: NodeStatus;
  /** ISO timestamps; equal for skipped nodes. */
  timing: { startedAt: string; completedAt: string };
  /** Seconds. */
  executionTime: number;
  rowsAffected?: number;
  /** Failing rows of a test. */
  failures?: number;
  message?: string;
  /** sha256 of the node's compiled SQL (of its checksum for seeds). */
  compiledSqlChecksum: string;
}

/** The result of a run: every node result, timing, cancellation and overall success. */
export interface RunResults {
  invocationId: string;
  startedAt: string;
  completedAt: string;
  /** Seconds. */
  elapsedTime: number;
  /** In completion order. */
  results: NodeResult[];
  /** True when the signal aborted the run (Ctrl-C). */
  cancelled: boolean;
  /** No node ended in `error` or `fail`. */
  success: boolean;
}

/** Options of {@link writeRunResults}. */
export interface WriteRunResultsOptions {
  /** Command line arguments recorded under `args` (never secrets). */
  args?: Record<string, unknown>;
  floeVersion?: string;
}

/** The dbt-like document written to `target/run_results.json`. Results are sorted by id so equal runs diff cleanly. */
export function runResultsDocument(results: RunResults, options: WriteRunResultsOptions = {}): Record<string, unknown> {
  return {
    metadata: {
      floe_version: options.floeVersion ?? '0.1.0',
      generated_at: results.completedAt,
      invocation_id: results.invocationId,
      schema: 'floe/run-results/v1',
    },
    results: [...results.results]
      .sort((a, b) => (a.uniqueId < b.uniqueId ? -1 : a.uniqueId > b.uniqueId ? 1 : 0))
      .map((r) => ({
        unique_id: r.uniqueId,
        status: r.status,
        timing: [{ name: 'execute', started_at: r.timing.startedAt, completed_at: r.timing.completedAt }],
        execution_time: r.executionTime,
        adapter_response: r.rowsAffected === undefined ? {} : { rows_affected: r.rowsAffected },
        failures: r.failures ?? null,
        message: r.message ?? null,
        compiled_sql_checksum: r.compiledSqlChecksum,
      })),
    elapsed_time: results.elapsedTime,
    success: results.success,
    cancelled: results.cancelled,
    args: options.args ?? {},
  };
}

/** Writes run_results.json atomically (temp file + rename), keys sorted at every depth. */
export function writeRunResults(path: string, results: RunResults, options: WriteRunResultsOptions = {}): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, stableStringify(runResultsDocument(results, options), 2) + '\n');
  renameSync(tmp, path);
}
