export { compileProject, type CompileOptions, type CompileResult } from './compile-project';
export { CompileSession, type SessionResult } from './compile-session';
export { toDbtManifest } from './dbt-manifest';
export { compileOutputs, createOutputCache, type OutputCache } from './compile-outputs';
export { DEFAULT_TARGET_TYPE } from './resolve-computes';
