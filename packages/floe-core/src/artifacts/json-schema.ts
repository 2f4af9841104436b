import { zodLib } from '../util/lazy-schema';
import { CompiledArtifactsSchema } from './schema';

/** JSON Schema (draft 2020-12) of CompiledArtifacts, for non-TypeScript readers such as the Dagster loader. */
export function artifactsJsonSchema(): Record<string, unknown> {
  return zodLib().toJSONSchema(CompiledArtifactsSchema, { target: 'draft-2020-12' }) as Record<string, unknown>;
}
