import { join } from 'node:path';
import {
  FloeError,
  compileOutputChunks,
  runArtifacts,
  selectNodes,
  stableStringify,
  runResultsDocument,
  type GraphResourceType,
  type RunEvent,
} from '@floe/core/internal';
import type { CommonOptions, Io } from '../context';
import { writeTargetFiles } from '../output/write-target';
import { progressPrinter, summaryText } from '../output/progress';
import { compileForCli } from '../project-compile';
import { readState } from './ls';
import { openPipes } from '../pipes-bridge';
import { loadStreamSnapshots } from '../stream-snapshots';

export type ExecuteKind = 'seed' | 'run' | 'test' | 'snapshot' | 'build';

export interface ExecuteOptions extends CommonOptions {
  threads?: string;
  failFast?: boolean;
  fullRefresh?: boolean;
  logFormat?: 'text' | 'json';
}

const TYPES: Record<ExecuteKind, GraphResourceType[]> = {
  seed: ['seed'],
  run: ['model'],
  test: ['test'],
  snapshot: ['snapshot'],
  build: ['seed', 'model', 'snapshot', 'test'],
};

/** `floe seed|run|test|snapshot|build`: compile, select, execute on the compute targets. */
export async function executeCommand(kind: ExecuteKind, opts: ExecuteOptions, io: Io): Promise<number> {
  const threads = opts.threads === undefined ? undefined : Number(opts.threads);
  if (threads !== undefined && (!Number.isInteger(threads) || threads < 1 || threads > 256)) {
    throw new FloeError('FLOE_CLI_USAGE', `--threads must be a whole number from 1 to 256, got "${opts.threads}"`);
  }
  const compiled = await compileForCli(opts, io);
  if (!compiled) return 2;
  const { artifacts, graph } = compiled.result;
  const state = opts.state ? await readState(opts.state) : undefined;
  const nodeIds = selectNodes(graph!, {
    ...(opts.select ? { select: opts.select } : {}),
    ...(opts.exclude ? { exclude: opts.exclude } : {}),
    ...(state ? { state } : {}),
    resourceTypes: TYPES[kind],
  });
  // Artifacts are written before running, so a run's inputs are always inspectable.
  // The same pieces (and bytes) `floe compile` writes, without two whole-file strings.
  await writeTargetFiles(compiled.projectDir, compileOutputChunks(artifacts!));

  // Kafka topics read by batch models through stream sources: a bounded snapshot first.
  if (kind === 'run' || kind === 'build' || kind === 'test') await loadStreamSnapshots(artifacts!, compiled.registry, compiled.projectDir, nodeIds, opts.json ? { out: () => undefined, err: () => undefined } : io);

  const controller = new AbortController();
  const onSigint = () => {
    if (!controller.signal.aborted) {
      io.err('\nCancelling: running statements are being stopped; every relation stays at its old or new version.\n');
      controller.abort(new Error('cancelled by SIGINT'));
    }
  };
  process.once('SIGINT', onSigint);
  const pipes = openPipes(artifacts!, io);
  const printer = opts.json ? undefined : progressPrinter(artifacts!, opts.logFormat === 'json' ? () => undefined : io.err);
  const onEvent = (e: RunEvent) => {
    printer?.(e);
    pipes?.onEvent(e);
    if (opts.logFormat === 'json') io.err(JSON.stringify({ level: 'info', time: Date.now(), event: e.type, ...eventFields(e) }) + '\n');
  };
  const defaultThreads = Number((Object.values(artifacts!.computes)[0]?.config as { threads?: unknown })?.threads) || 4;
  try {
    const results = await runArtifacts({
      artifacts: artifacts!,
      registry: compiled.registry,
      projectDir: compiled.projectDir,
      nodeIds,
      threads: threads ?? defaultThreads,
      failFast: !!opts.failFast,
      fullRefresh: !!opts.fullRefresh,
      signal: controller.signal,
      onEvent,
    });
    const doc = runResultsDocument(results, { args: { command: kind, select: opts.select ?? [], exclude: opts.exclude ?? [], full_refresh: !!opts.fullRefresh, threads: threads ?? defaultThreads } });
    await writeTargetFiles(compiled.projectDir, { 'run_results.json': stableStringify(doc, 2) + '\n' });
    if (opts.json) io.out(JSON.stringify(doc, null, 2) + '\n');
    else io.err(summaryText(results));
    await pipes?.close();
    return results.success && !results.cancelled ? 0 : 1;
  } catch (e) {
    await pipes?.close(e as Error);
    throw e;
  } finally {
    process.removeListener('SIGINT', onSigint);
  }
}

function eventFields(e: RunEvent): Record<string, unknown> {
  switch (e.type) {
    case 'run_started':
      return { invocation_id: e.invocationId, nodes: e.nodeIds.length, threads: e.threads };
    case 'node_started':
      return { unique_id: e.uniqueId, materialized: e.materialized };
    case 'node_finished':
      return { unique_id: e.uniqueId, status: e.result.status, execution_time: e.result.executionTime, rows_affected: e.result.rowsAffected };
    case 'run_finished':
      return { success: e.results.success, elapsed_time: e.results.elapsedTime };
  }
}

export const RUN_RESULTS = join('target', 'run_results.json');
