export { compileProject, type CompileOptions, type CompileResult } from './compile-project';
export { toDbtManifest } from './dbt-manifest';
export { DEFAULT_TARGET_TYPE } from './resolve-computes';
