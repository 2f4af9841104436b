import type { z } from 'zod';
import type { CompiledArtifacts, CompiledNode } from '../artifacts/schema';
import type { TargetCapabilities } from './capabilities';
import type { ConnectContext, ExecuteOptions, TargetConnection } from './connection';
import type { Dialect } from './dialect';

export const PLUGIN_BRAND = Symbol.for('floe.plugin');

/** The config every target receives: its own schema's output, discriminated by `type`. */
export interface TargetConfigBase {
  type: string;
}

/** What a batch connection receives with each node: the artifacts, full-refresh flag and project folder. */
export interface NodeRunOptions extends ExecuteOptions {
  artifacts: CompiledArtifacts;
  fullRefresh: boolean;
  projectDir: string;
}

/** What building one node returned. */
export interface NodeRunResult {
  rowsAffected?: number;
  /** Short status text, e.g. `CREATE VIEW` or `MERGE 12`. */
  message?: string;
}

/** What running one data test returned. */
export interface TestRunResult {
  /** Number of failing rows (0 means the test passed). */
  failures: number;
  message?: string;
}

/** A connection that builds batch nodes: models, seeds, snapshots and tests. */
export interface BatchConnection extends TargetConnection {
  runNode(node: CompiledNode, options: NodeRunOptions): Promise<NodeRunResult>;
  runTest(node: CompiledNode, options: NodeRunOptions): Promise<TestRunResult>;
}

/** True when a connection builds batch nodes (has runNode and runTest). */
export function isBatchConnection(conn: TargetConnection): conn is BatchConnection {
  const c = conn as Partial<BatchConnection>;
  return typeof c.runNode === 'function' && typeof c.runTest === 'function';
}

/**
 * A compute target: a pure dialect (compile time) plus a connection (run
 * time). Made with `defineTarget`; `name` equals the `type` value that selects
 * it in platform.yaml.
 */
export interface TargetPlugin<C extends TargetConfigBase = TargetConfigBase> {
  readonly kind: 'target';
  readonly name: string;
  readonly apiVersion: string;
  readonly stability: 'stable' | 'experimental';
  readonly description?: string;
  readonly configSchema: z.ZodType<C>;
  readonly capabilities: TargetCapabilities;
  /** Config used when no platform.yaml names this compute (only the default target needs it). */
  defaultConfig?(projectDir: string): C;
  createDialect(config: C): Dialect;
  connect(config: C, context: ConnectContext): Promise<TargetConnection>;
}

/** A file an orchestrator plugin emits. */
export interface EmittedFile {
  /** Path relative to the output folder. */
  path: string;
  contents: string;
  /** Unix mode, e.g. 0o755 for scripts. */
  mode?: number;
}

/** Where an orchestrator plugin writes its files. */
export interface EmitContext {
  projectDir: string;
  outDir: string;
  /** Path of compiled_artifacts.json relative to outDir's code, as the emitter should reference it. */
  artifactsPath: string;
}

/** An orchestrator plugin turns compiled artifacts into files an orchestrator loads. */
export interface OrchestratorPlugin<C = Record<string, unknown>> {
  readonly kind: 'orchestrator';
  readonly name: string;
  readonly apiVersion: string;
  readonly stability: 'stable' | 'experimental';
  readonly configSchema: z.ZodType<C>;
  emit(artifacts: CompiledArtifacts, config: C, context: EmitContext): EmittedFile[] | Promise<EmittedFile[]>;
}

/** Any plugin: a target or an orchestrator. */
export type FloePlugin = TargetPlugin<TargetConfigBase> | OrchestratorPlugin<unknown>;

/** What {@link defineTarget} takes: a target plugin without its `kind`. */
export type TargetInput<C extends TargetConfigBase> = Omit<TargetPlugin<C>, 'kind'>;
/** What {@link defineOrchestrator} takes: an orchestrator plugin without its `kind`. */
export type OrchestratorInput<C> = Omit<OrchestratorPlugin<C>, 'kind'>;

/** Declares a compute target. Returns the same object, typed and branded. */
export function defineTarget<C extends TargetConfigBase>(plugin: TargetInput<C>): TargetPlugin<C> {
  return Object.freeze({ ...plugin, kind: 'target' as const, [PLUGIN_BRAND]: true });
}

/** Declares an orchestrator plugin. Returns the same object, typed and branded. */
export function defineOrchestrator<C>(plugin: OrchestratorInput<C>): OrchestratorPlugin<C> {
  return Object.freeze({ ...plugin, kind: 'orchestrator' as const, [PLUGIN_BRAND]: true });
}

/** True for an object made with {@link defineTarget} or {@link defineOrchestrator}. */
export function isFloePlugin(value: unknown): value is FloePlugin {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[PLUGIN_BRAND] === true;
}
