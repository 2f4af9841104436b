import { readFile } from 'node:fs/promises';
import { FloeError } from '../errors/floe-error';
import type { CompiledArtifacts } from '../artifacts/schema';
import { parseArtifacts } from '../artifacts/serialize';

/**
 * Reads and validates a `compiled_artifacts.json` file (for example a
 * previous build's `target/compiled_artifacts.json`).
 *
 * @param path - The file to read.
 * @returns The validated artifacts.
 * @throws {@link FloeError} `FLOE_ARTIFACTS_INCOMPATIBLE` when the file is not
 * valid JSON, has an unknown major `artifactsVersion` or does not match the
 * schema; `FLOE_FILE_UNREADABLE` when it cannot be read.
 */
export async function readArtifactsFile(path: string): Promise<CompiledArtifacts> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    throw new FloeError('FLOE_FILE_UNREADABLE', `cannot read artifacts file ${path}: ${(cause as Error).message}`, { cause });
  }
  return parseArtifacts(text, path);
}
