export { compileProject, type CompileOptions, type CompileResult } from './compile-project';
export { CompileSession, type SessionResult } from './compile-session';
export { fingerprintMatches, fingerprintProject, recordEnvReads, type CompileFingerprint, type FingerprintOptions } from './compile-cache';
export { toDbtManifest } from './dbt-manifest';
export { compileOutputChunks, compileOutputs, compileOutputsParallel, createOutputCache, type OutputCache, type OutputFile } from './compile-outputs';
export { isDeferredOutput, type DeferredOutput } from './manifest-in-worker';
export { DEFAULT_TARGET_TYPE } from './resolve-computes';
