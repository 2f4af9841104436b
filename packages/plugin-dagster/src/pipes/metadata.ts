import { FloeError } from '@floe/core';
import { PIPES_METADATA_TYPES, type PipesMetadataType } from './protocol';

/**
 * A float that keeps its type on the wire: JSON.stringify(1.0) is `1`, which
 * Dagster reads as an int and then refuses for a `float` value. The message
 * serializer writes it as `1.0` (and NaN/Infinity as Python's json tokens).
 */
export class PipesFloat {
  constructor(readonly value: number) {}
}

/** One metadata entry with an explicit Pipes type. */
export class PipesMetadataValue {
  constructor(
    readonly type: PipesMetadataType,
    readonly raw_value: unknown,
  ) {}
}

/** A metadata entry: an explicitly typed value, or a raw JSON value Dagster infers the type of. */
export type PipesMetadataInput =
  | PipesMetadataValue
  | { type: PipesMetadataType; raw_value: unknown }
  | string
  | number
  | boolean
  | null
  | readonly unknown[]
  | { readonly [key: string]: unknown };

export type PipesMetadataMap = Readonly<Record<string, PipesMetadataInput>>;

export interface PipesTableColumn {
  name: string;
  type: string;
  description?: string;
}

function pipesError(message: string): FloeError {
  return new FloeError('FLOE_PIPES_INVALID', message);
}

/** Constructors for typed metadata values, named as in Dagster's MetadataValue. */
export const PipesMetadata = {
  text: (value: string) => new PipesMetadataValue('text', value),
  md: (value: string) => new PipesMetadataValue('md', value),
  url: (value: string) => new PipesMetadataValue('url', value),
  path: (value: string) => new PipesMetadataValue('path', value),
  notebook: (value: string) => new PipesMetadataValue('notebook', value),
  json: (value: unknown) => new PipesMetadataValue('json', value),
  bool: (value: boolean) => new PipesMetadataValue('bool', value),
  null: () => new PipesMetadataValue('null', null),
  dagsterRun: (runId: string) => new PipesMetadataValue('dagster_run', runId),
  /** An asset key as an escaped user string, e.g. `analytics/orders`. */
  asset: (key: string) => new PipesMetadataValue('asset', key),
  int(value: number | bigint): PipesMetadataValue {
    if (typeof value === 'number' && !Number.isSafeInteger(value)) {
      throw pipesError(`int metadata needs a safe integer, got ${value}`);
    }
    return new PipesMetadataValue('int', value);
  },
  float: (value: number) => new PipesMetadataValue('float', new PipesFloat(value)),
  /** Seconds since the epoch, or a Date. */
  timestamp: (value: number | Date) =>
    new PipesMetadataValue('timestamp', new PipesFloat(value instanceof Date ? value.getTime() / 1000 : value)),
  tableSchema: (columns: readonly PipesTableColumn[]) =>
    new PipesMetadataValue('table_schema', { columns: columns.map((c) => ({ ...c })) }),
} as const;

function isTypedShape(value: unknown): value is { type: PipesMetadataType; raw_value: unknown } {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const keys = Object.keys(value).sort();
  return keys.length === 2 && keys[0] === 'raw_value' && keys[1] === 'type';
}

/** Normalizes a metadata map to `{raw_value, type}` entries, as dagster_pipes does. */
export function normalizeMetadata(metadata: PipesMetadataMap | undefined): Record<string, PipesMetadataValue> | null {
  if (!metadata) return null;
  const out: Record<string, PipesMetadataValue> = {};
  for (const [key, value] of Object.entries(metadata)) {
    if (value instanceof PipesMetadataValue) {
      out[key] = value;
    } else if (isTypedShape(value)) {
      if (!(PIPES_METADATA_TYPES as readonly string[]).includes(value.type)) {
        throw pipesError(`metadata ${key} has unknown type ${String(value.type)}`);
      }
      out[key] = new PipesMetadataValue(value.type, value.raw_value);
    } else if (typeof value === 'number' && !Number.isInteger(value)) {
      out[key] = new PipesMetadataValue('float', new PipesFloat(value));
    } else {
      out[key] = new PipesMetadataValue('__infer__', value);
    }
  }
  return Object.keys(out).length ? out : null;
}
