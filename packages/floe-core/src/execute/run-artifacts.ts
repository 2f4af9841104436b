import { setMaxListeners } from 'node:events';
import { randomUUID } from 'node:crypto';
import type { CompiledArtifacts, CompiledNode } from '../artifacts/schema';
import { sha256 } from '../artifacts/serialize';
import { FloeError, isFloeError } from '../errors';
import type { PluginLogger, TargetConnection } from '../plugin/connection';
import type { PluginRegistry } from '../plugin/registry';
import { isBatchConnection } from '../plugin/target-plugin';
import { closeAll, connectComputes, silentLogger } from './connect-computes';
import { buildExecutionPlan } from './execution-plan';
import { envSecretResolver, type SecretResolver } from './resolve-references';
import type { RunEvent } from './run-events';
import type { NodeResult, NodeStatus, RunResults } from './run-results';
import { withSpan } from './telemetry';

/** Options of {@link runArtifacts}. */
export interface RunArtifactsOptions {
  artifacts: CompiledArtifacts;
  registry: PluginRegistry;
  /** Absolute project folder (relative paths in configs and seeds resolve against it). */
  projectDir: string;
  /** Already selected nodes, in any order. Ephemeral models among them are not executed. */
  nodeIds: readonly string[];
  /** Size of the worker pool (at least 1). */
  threads: number;
  /** Stop scheduling after the first error or failed test, and cancel running nodes. */
  failFast: boolean;
  fullRefresh: boolean;
  /** Aborting it (Ctrl-C) cancels running statements; nodes not started end as `skipped`. */
  signal?: AbortSignal;
  onEvent?: (event: RunEvent) => void;
  /** Resolves `{ env }` / `{ secret }` references at connect time; defaults to process.env. */
  resolveSecret?: SecretResolver;
  logger?: PluginLogger;
}

const FAILED: ReadonlySet<NodeStatus> = new Set(['error', 'fail']);

/**
 * Runs the selected nodes of compiled artifacts: one connection per compute,
 * a bounded worker pool walking the DAG in dependency order, failures
 * skipping only their descendants. Resolves with the results even when
 * nodes fail or the run is cancelled; throws only when it cannot start
 * (a compute cannot be reached, a config is invalid).
 */
export async function runArtifacts(options: RunArtifactsOptions): Promise<RunResults> {
  const { artifacts } = options;
  const invocationId = randomUUID();
  const logger = options.logger ?? silentLogger;
  const emit = (e: RunEvent) => {
    try {
      options.onEvent?.(e);
    } catch (err) {
      logger.warn('a run event listener threw', { error: err instanceof Error ? err.message : String(err) });
    }
  };
  const plan = buildExecutionPlan(artifacts, options.nodeIds);
  const threads = Math.max(1, Math.floor(options.threads) || 1);
  const startedAt = new Date();

  return withSpan('floe.run', { 'floe.invocation_id': invocationId, 'floe.nodes': plan.order.length, 'floe.threads': threads }, async (runSpan) => {
    emit({ type: 'run_started', invocationId, nodeIds: plan.order, threads, at: startedAt.toISOString() });
    const computes = [...new Set(plan.order.map((id) => (artifacts.nodes[id] as CompiledNode).compute))];
    // Cancels running statements on Ctrl-C and on fail-fast.
    const cancel = new AbortController();
    // Every running statement listens on this signal; with --threads above 10
    // Node would print a MaxListenersExceededWarning for a legitimate run.
    setMaxListeners(threads * 4 + 16, cancel.signal);
    const onAbort = () => cancel.abort(options.signal?.reason);
    if (options.signal?.aborted) onAbort();
    options.signal?.addEventListener('abort', onAbort, { once: true });

    const results: NodeResult[] = [];
    let connections = new Map<string, TargetConnection>();
    try {
      if (plan.order.length > 0 && !cancel.signal.aborted) {
        connections = await connectComputes({
          artifacts,
          registry: options.registry,
          projectDir: options.projectDir,
          computes,
          resolveSecret: options.resolveSecret ?? envSecretResolver,
          logger,
          signal: cancel.signal,
        });
      }
      await schedule({
        plan,
        threads,
        cancel,
        failFast: options.failFast,
        total: plan.order.length,
        run: (id, index) => runNode(artifacts.nodes[id] as CompiledNode, connections, options, cancel.signal, emit, index, plan.order.length),
        skip: (id, why) => skippedResult(artifacts.nodes[id] as CompiledNode, why),
        onResult: (r, index) => {
          results.push(r);
          emit({ type: 'node_finished', uniqueId: r.uniqueId, result: r, index, total: plan.order.length });
        },
      });
    } finally {
      options.signal?.removeEventListener('abort', onAbort);
      await closeAll(connections, logger);
    }
    const completedAt = new Date();
    const run: RunResults = {
      invocationId,
      startedAt: startedAt.toISOString(),
      completedAt: completedAt.toISOString(),
      elapsedTime: (completedAt.getTime() - startedAt.getTime()) / 1000,
      results,
      cancelled: options.signal?.aborted ?? false,
      success: results.every((r) => !FAILED.has(r.status)) && !(options.signal?.aborted ?? false),
    };
    runSpan.setAttribute('floe.success', run.success);
    emit({ type: 'run_finished', results: run });
    return run;
  });
}

interface ScheduleOptions {
  plan: ReturnType<typeof buildExecutionPlan>;
  threads: number;
  cancel: AbortController;
  failFast: boolean;
  total: number;
  run(id: string, index: number): Promise<NodeResult>;
  skip(id: string, why: string): NodeResult;
  onResult(result: NodeResult, index: number): void;
}

/** The worker pool: at most `threads` nodes in flight, each started once all it waits for succeeded. */
function schedule(o: ScheduleOptions): Promise<void> {
  const remaining = new Map(o.plan.order.map((id) => [id, o.plan.waitsFor.get(id)?.size ?? 0]));
  const rank = new Map(o.plan.order.map((id, i) => [id, i]));
  const ready = o.plan.order.filter((id) => remaining.get(id) === 0);
  const done = new Set<string>();
  let running = 0;
  let started = 0;

  return new Promise<void>((resolve) => {
    const finish = (r: NodeResult) => {
      done.add(r.uniqueId);
      o.onResult(r, done.size);
    };
    const skipDescendants = (id: string) => {
      const stack = [...(o.plan.blocks.get(id) ?? [])];
      while (stack.length > 0) {
        const c = stack.pop() as string;
        if (done.has(c)) continue;
        finish(o.skip(c, `skipped: upstream ${id} did not succeed`));
        stack.push(...(o.plan.blocks.get(c) ?? []));
      }
    };
    const pump = () => {
      if (o.cancel.signal.aborted) {
        ready.length = 0;
        for (const id of o.plan.order) {
          if (!done.has(id) && !inFlight.has(id)) finish(o.skip(id, 'skipped: run cancelled'));
        }
      }
      while (running < o.threads && ready.length > 0) {
        const id = ready.shift() as string;
        if (done.has(id)) continue;
        running++;
        started++;
        inFlight.add(id);
        void o.run(id, started).then((r) => {
          running--;
          inFlight.delete(id);
          finish(r);
          if (FAILED.has(r.status)) {
            skipDescendants(id);
            if (o.failFast) o.cancel.abort(new FloeError('FLOE_RUN_CANCELLED', `fail-fast: ${id} did not succeed`));
          } else {
            for (const c of o.plan.blocks.get(id) ?? []) {
              const n = (remaining.get(c) ?? 0) - 1;
              remaining.set(c, n);
              if (n === 0 && !done.has(c)) insertByRank(ready, c, rank);
            }
          }
          pump();
        });
      }
      if (running === 0 && (ready.length === 0 || o.cancel.signal.aborted)) {
        // Anything left can never start (its upstream was skipped) — already finished as skipped.
        resolve();
      }
    };
    const inFlight = new Set<string>();
    pump();
  });
}

function insertByRank(queue: string[], id: string, rank: Map<string, number>): void {
  const r = rank.get(id) ?? 0;
  let i = queue.length;
  while (i > 0 && (rank.get(queue[i - 1] as string) ?? 0) > r) i--;
  queue.splice(i, 0, id);
}

async function runNode(
  node: CompiledNode,
  connections: Map<string, TargetConnection>,
  options: RunArtifactsOptions,
  signal: AbortSignal,
  emit: (e: RunEvent) => void,
  index: number,
  total: number,
): Promise<NodeResult> {
  const started = new Date();
  emit({ type: 'node_started', uniqueId: node.id, resourceType: node.resourceType, materialized: node.materialized, index, total, at: started.toISOString() });
  const attrs = { 'floe.node.id': node.id, 'floe.node.resource_type': node.resourceType, 'floe.node.materialized': node.materialized, 'floe.compute': node.compute };
  const base = (status: NodeStatus, extra: Partial<NodeResult>): NodeResult => {
    const completed = new Date();
    return {
      uniqueId: node.id,
      status,
      timing: { startedAt: started.toISOString(), completedAt: completed.toISOString() },
      executionTime: (completed.getTime() - started.getTime()) / 1000,
      compiledSqlChecksum: checksumOf(node),
      ...extra,
    };
  };
  try {
    return await withSpan('floe.node', attrs, async (span) => {
      const conn = connections.get(node.compute);
      if (!conn || !isBatchConnection(conn)) {
        throw new FloeError('FLOE_CAPABILITY_MISSING', `compute "${node.compute}" (${node.targetType}) cannot run batch nodes`);
      }
      const runOptions = { artifacts: options.artifacts, fullRefresh: options.fullRefresh, projectDir: options.projectDir, signal };
      if (node.resourceType === 'test') {
        const r = await conn.runTest(node, runOptions);
        const severity = node.test?.severity ?? (node.config['severity'] === 'warn' ? 'warn' : 'error');
        const status: NodeStatus = r.failures === 0 ? 'pass' : severity === 'warn' ? 'warn' : 'fail';
        span.setAttribute('floe.test.failures', r.failures);
        return base(status, { failures: r.failures, message: r.message ?? (r.failures === 0 ? 'PASS' : `${r.failures} failing row${r.failures === 1 ? '' : 's'}`) });
      }
      const r = await conn.runNode(node, runOptions);
      if (r.rowsAffected !== undefined) span.setAttribute('floe.rows_affected', r.rowsAffected);
      return base('success', { ...(r.rowsAffected !== undefined ? { rowsAffected: r.rowsAffected } : {}), ...(r.message ? { message: r.message } : {}) });
    });
  } catch (err) {
    const cancelled = signal.aborted;
    const message = cancelled ? `cancelled: ${errorMessage(err)}` : errorMessage(err);
    return base('error', { message });
  }
}

function errorMessage(err: unknown): string {
  if (isFloeError(err)) return `${err.code}: ${err.message}`;
  return err instanceof Error ? err.message : String(err);
}

function skippedResult(node: CompiledNode, message: string): NodeResult {
  const now = new Date().toISOString();
  return { uniqueId: node.id, status: 'skipped', timing: { startedAt: now, completedAt: now }, executionTime: 0, message, compiledSqlChecksum: checksumOf(node) };
}

function checksumOf(node: CompiledNode): string {
  return node.compiledSql === null ? node.checksum : sha256(node.compiledSql);
}
