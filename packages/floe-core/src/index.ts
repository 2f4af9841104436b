/**
 * The public API of floe-core: everything custom tooling and third-party
 * plugins may rely on, versioned by semver. The API report in
 * `etc/floe-core.api.md` records it; a change to it shows up in review.
 *
 * Custom tooling: {@link loadProject} → {@link compileProject} →
 * {@link selectNodes} → {@link runArtifacts} with {@link RunEvent}s, plus
 * {@link parseArtifacts}/{@link serializeArtifacts} for the artifacts contract.
 *
 * Plugin authors: {@link defineTarget}, {@link Dialect}, {@link BatchConnection},
 * {@link TargetCapabilities}; run `@floe/target-conformance` against the target.
 *
 * Floe's own packages also use `@floe/core/internal`, which is not covered
 * by semver and not meant for anyone else.
 *
 * @packageDocumentation
 */

// ── Errors and diagnostics ─────────────────────────────────────────────────
export { FloeError, isFloeError, type FloeErrorOptions } from './errors/floe-error';
// ERROR_CODES itself stays internal so a new code does not change the API report; codes are listed in docs/error-codes.md.
export { exitCodeFor, type FloeErrorCode } from './errors/error-codes';
export { sortDiagnostics, type Diagnostic, type Severity, type SourcePosition } from './errors/diagnostic';
export { FLOE_VERSION } from './version';

// ── Loading and compiling a project ────────────────────────────────────────
export { loadProject, type LoadOptions, type LoadResult } from './load/load-project';
export type {
  LoadedProject,
  FolderEntry,
  ProjectPaths,
  ConfigTree,
  SqlFile,
  DbtPackage,
  SeedFile,
  ResourceProperties,
  ColumnDecl,
  TestDecl,
  SourceDecl,
  ScheduleDecl,
  PlatformDecl,
  EnvironmentDecl,
  ComputeDecl,
} from './project/types';
export { compileProject, type CompileOptions, type CompileResult } from './compile/compile-project';

// ── Selecting nodes ────────────────────────────────────────────────────────
export type { DependencyGraph, TopologicalResult, Adjacency } from './graph/dependency-graph';
export { SELECTOR_METHODS, type SelectorExpr, type SelectorIntersection, type SelectorCriterion, type SelectorMethodName } from './graph/selector-syntax';
export { selectNodes, resolveSelection, type SelectOptions, type SelectionResult, type IndirectSelection } from './graph/select-nodes';
export type { SelectionState } from './graph/selector-methods';
export type { GraphResourceType, GraphNode, MissingDependency } from './graph/types';

// ── The artifacts contract ─────────────────────────────────────────────────
export {
  ARTIFACTS_VERSION,
  CompiledArtifactsSchema,
  NodeSchema,
  SourceSchema,
  ScheduleSchema,
  ComputeSchema,
  RelationSchema,
  ColumnSchema,
  LocationSchema,
  TestSpecSchema,
  SeedSpecSchema,
  type CompiledArtifacts,
  type CompiledNode,
  type CompiledSource,
  type CompiledSchedule,
  type CompiledRelation,
  type CompiledTestSpec,
  type CompiledSeedSpec,
  type CompiledCompute,
} from './artifacts/schema';
export { parseArtifacts, serializeArtifacts, isCompatibleArtifactsVersion, sha256 } from './artifacts/serialize';
export { artifactsJsonSchema } from './artifacts/json-schema';
export { readArtifactsFile } from './api/read-artifacts-file';

// ── Running through a registry of targets ──────────────────────────────────
export { PluginRegistry, assertPlugin } from './plugin/registry';
export { runArtifacts, type RunArtifactsOptions } from './execute/run-artifacts';
export type { RunEvent } from './execute/run-events';
export { writeRunResults, runResultsDocument, type NodeStatus, type NodeResult, type RunResults, type WriteRunResultsOptions } from './execute/run-results';
export { envSecretResolver, resolveReferences, type SecretResolver } from './execute/resolve-references';

// ── Writing plugins ────────────────────────────────────────────────────────
export {
  defineTarget,
  defineOrchestrator,
  isFloePlugin,
  isBatchConnection,
  canEstimate,
  type EstimatingConnection,
  type NodeEstimate,
  type TargetPlugin,
  type TargetConfigBase,
  type BatchConnection,
  type NodeRunOptions,
  type NodeRunResult,
  type TestRunResult,
  type OrchestratorPlugin,
  type EmittedFile,
  type EmitContext,
  type FloePlugin,
  type TargetInput,
  type OrchestratorInput,
} from './plugin/target-plugin';
export type { Dialect, RelationName, DialectNodeInput, DialectUpstream, DialectCompileResult } from './plugin/dialect';
export type { TargetConnection, QueryResult, ExecuteOptions, ConnectContext, SecretRef, PluginLogger } from './plugin/connection';
export {
  DEFAULT_CAPABILITIES,
  MATERIALIZATIONS,
  INCREMENTAL_STRATEGIES,
  ON_SCHEMA_CHANGE,
  SNAPSHOT_STRATEGIES,
  type TargetCapabilities,
  type Materialization,
  type IncrementalStrategy,
  type OnSchemaChange,
  type SnapshotStrategy,
} from './plugin/capabilities';
export { uniqueKey, onSchemaChange, stringConfig } from './plugin/node-config';
export { planSchemaChange, type SchemaChangePlan } from './plugin/schema-change';
export { DBT_SCD_COLUMNS, NATIVE_SCD_COLUMNS, scdColumnsOf, snapshotCheckColumns, type ScdColumns } from './plugin/snapshot-config';
// Seeds: the same RFC 4180 reader the compiler validates seeds with, so a target loads exactly what compile checked.
export { parseCsv, type CsvOptions, type CsvResult } from './load/csv';
export { PLUGIN_API_VERSION, isCompatibleApiVersion } from './plugin/api-version';
export { EnvRefSchema, SecretRefOnlySchema, SecretRefSchema, credentialSchema, valueOrEnv, isSecretRef } from './plugin/config-helpers';
export { mapLogicalType } from './plugin/type-map';
export { traceStatement } from './execute/telemetry';
