import type { CompiledRelation } from '@floe/core';

export interface CatalogColumn {
  name: string;
  type: string;
}

/**
 * Column types read from the databases, per compute and relation. Keys are
 * lower-cased `schema.identifier` (the database part is left out: DuckDB
 * names it after the file, which the artifacts do not know).
 */
export interface DocsCatalog {
  /** Computes the catalog was read from. */
  computes: string[];
  /** Why a compute was skipped or failed (shown on the page, never with secrets). */
  notes: string[];
  tables: Map<string, Map<string, CatalogColumn>>;
}

export function catalogKey(compute: string, schema: string, identifier: string): string {
  return `${compute}|${schema.toLowerCase()}.${identifier.toLowerCase()}`;
}

export function catalogColumns(catalog: DocsCatalog | undefined, compute: string, relation: CompiledRelation): Map<string, CatalogColumn> | undefined {
  return catalog?.tables.get(catalogKey(compute, relation.schema, relation.identifier));
}

export function emptyCatalog(): DocsCatalog {
  return { computes: [], notes: [], tables: new Map() };
}
