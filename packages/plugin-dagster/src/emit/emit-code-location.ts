import { posix, relative, resolve, sep } from 'node:path';
import { ARTIFACTS_VERSION, FloeError, isCompatibleArtifactsVersion, type CompiledArtifacts, type EmitContext, type EmittedFile } from '@floe/core';
import type { DagsterPluginConfig } from '../config';
import { renderDefinitionsPy } from './definitions-py';
import { FLOE_DAGSTER_PY } from './floe-dagster-py.generated';

/** The Dagster version the generated code was tested with (tools/python/requirements-dagster.txt). */
export const TESTED_DAGSTER_VERSION = '1.13.29';

const DEFAULTS = { sensorIntervalSeconds: 60, maxCheckpointAgeSeconds: 600, requestTimeoutSeconds: 5 };

function toPosix(p: string): string {
  return p.split(sep).join(posix.sep) || '.';
}

/**
 * The files of a Dagster code location: definitions.py (settings),
 * floe_dagster.py (the loader that reads compiled_artifacts.json when Dagster
 * loads the location) and requirements.txt.
 */
export function emitCodeLocation(
  artifacts: CompiledArtifacts,
  config: DagsterPluginConfig,
  context: EmitContext,
): EmittedFile[] {
  if (!isCompatibleArtifactsVersion(artifacts.artifactsVersion)) {
    throw new FloeError(
      'FLOE_ARTIFACTS_INCOMPATIBLE',
      `the artifacts have version ${artifacts.artifactsVersion}; this Dagster plugin reads ${ARTIFACTS_VERSION.split('.')[0]}.x`,
      { hint: 'Compile the project with the same major version of Floe.' },
    );
  }
  const outDir = resolve(context.outDir);
  const artifactsPathRel = config.artifactsPath
    ? toPosix(relative(outDir, resolve(context.projectDir, config.artifactsPath)))
    : toPosix(context.artifactsPath);
  const flink = { ...DEFAULTS, ...config.flink };
  const definitions = renderDefinitionsPy({
    projectName: artifacts.project.name,
    environment: artifacts.environment,
    artifactsVersion: artifacts.artifactsVersion,
    projectDirRel: toPosix(relative(outDir, resolve(context.projectDir))),
    artifactsPathRel,
    floeCommand: config.floeCommand,
    assetKeyPrefix: config.assetKeyPrefix ?? [],
    flinkSensorIntervalSeconds: flink.sensorIntervalSeconds,
    maxCheckpointAgeSeconds: flink.maxCheckpointAgeSeconds,
    flinkRequestTimeoutSeconds: flink.requestTimeoutSeconds,
  });
  const requirements =
    `# Python packages for this Dagster code location (tested with dagster==${TESTED_DAGSTER_VERSION}).\n` +
    `dagster>=1.13,<2\n` +
    `dagster-webserver>=1.13,<2\n`;
  return [
    { path: 'definitions.py', contents: definitions },
    { path: 'floe_dagster.py', contents: FLOE_DAGSTER_PY },
    { path: 'requirements.txt', contents: requirements },
  ];
}
