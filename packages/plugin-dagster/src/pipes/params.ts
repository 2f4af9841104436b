import { deflateSync, inflateSync } from 'node:zlib';

/**
 * Bootstrap parameters travel as base64(zlib(JSON)), as dagster_pipes'
 * `encode_param`/`decode_param` do. zlib here is the zlib container
 * (RFC 1950), which is what Python's `zlib.compress` writes.
 */
export function encodePipesParam(value: unknown): string {
  return deflateSync(Buffer.from(JSON.stringify(value), 'utf8')).toString('base64');
}

export function decodePipesParam(encoded: string): unknown {
  return JSON.parse(inflateSync(Buffer.from(encoded, 'base64')).toString('utf8'));
}
