/**
 * Maps Floe's logical column types (PROJECT_FORMAT.md §4) with a per-target
 * table; parameters such as decimal(10,2) and timestamp(3) are carried over.
 * Unknown types pass through unchanged (they may already be target types).
 */
export function mapLogicalType(logical: string, table: Readonly<Record<string, string>>): string {
  const m = /^\s*([a-zA-Z_]+)\s*(\(([^)]*)\))?\s*$/.exec(logical);
  if (!m) return logical;
  const base = m[1]!.toLowerCase();
  const params = m[3];
  const mapped = table[base];
  if (!mapped) return logical;
  if (params === undefined) return mapped;
  return mapped.includes('(') ? mapped : `${mapped}(${params})`;
}
