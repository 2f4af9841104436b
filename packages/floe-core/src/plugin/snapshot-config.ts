import type { CompiledNode } from '../artifacts/schema';

/**
 * SCD type 2 column names of a snapshot. dbt-mode projects keep dbt's names;
 * native projects use `valid_from`/`valid_to` plus two bookkeeping columns,
 * `floe_scd_id` (md5 of key and version timestamp) and `floe_updated_at` (the
 * version's timestamp that the `timestamp` strategy compares against).
 */
export interface ScdColumns {
  scdId: string;
  updatedAt: string;
  validFrom: string;
  validTo: string;
  /** With hard_deletes='new_record': 'True' on the version that records a deletion, else 'False' (dbt's text values). */
  isDeleted: string;
}

/** dbt's SCD column names (dbt-mode projects). */
export const DBT_SCD_COLUMNS: ScdColumns = { scdId: 'dbt_scd_id', updatedAt: 'dbt_updated_at', validFrom: 'dbt_valid_from', validTo: 'dbt_valid_to', isDeleted: 'dbt_is_deleted' };
/** Floe's SCD column names (native projects). */
export const NATIVE_SCD_COLUMNS: ScdColumns = { scdId: 'floe_scd_id', updatedAt: 'floe_updated_at', validFrom: 'valid_from', validTo: 'valid_to', isDeleted: 'is_deleted' };

/** The SCD columns of one snapshot: the mode's defaults, renamed by dbt's `snapshot_meta_column_names`. */
export function scdColumnsOf(node: Pick<CompiledNode, 'config'>, mode: 'native' | 'dbt'): ScdColumns {
  const base = mode === 'dbt' ? DBT_SCD_COLUMNS : NATIVE_SCD_COLUMNS;
  const names = node.config['snapshot_meta_column_names'];
  if (names === null || typeof names !== 'object' || Array.isArray(names)) return base;
  const pick = (key: string, fallback: string) => {
    const v = (names as Record<string, unknown>)[key];
    return typeof v === 'string' && v.trim() ? v.trim() : fallback;
  };
  return {
    scdId: pick('dbt_scd_id', base.scdId),
    updatedAt: pick('dbt_updated_at', base.updatedAt),
    validFrom: pick('dbt_valid_from', base.validFrom),
    validTo: pick('dbt_valid_to', base.validTo),
    isDeleted: pick('dbt_is_deleted', base.isDeleted),
  };
}

/** The columns the `check` strategy compares: `check_cols` (a name, a list, or `all`), default every column in `all`. */
export function snapshotCheckColumns(node: Pick<CompiledNode, 'config'>, all: string[]): string[] {
  const v = node.config['check_cols'];
  if (v === undefined || v === 'all') return all;
  if (typeof v === 'string') return [v];
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string');
  return all;
}
