import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * Dependency direction (ARCHITECTURE.md): app → plugins → core. Core never
 * imports a plugin; plugins import only @floe/core (and their own SDKs).
 */
const ROOT = join(__dirname, '../../../..');

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    const p = join(dir, entry);
    if (statSync(p).isDirectory()) out.push(...sources(p));
    else if (/\.(ts|mts|cts)$/.test(entry)) out.push(p);
  }
  return out;
}

function floeImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:from\s+|import\s*\(\s*|require\(\s*)['"](@floe\/[^'"/]+)/g)].map((m) => m[1]!);
}

const RULES: { pkg: string; allowed: string[] }[] = [
  { pkg: 'packages/floe-core', allowed: [] },
  { pkg: 'packages/target-duckdb', allowed: ['@floe/core'] },
  { pkg: 'packages/target-snowflake', allowed: ['@floe/core'] },
  { pkg: 'packages/target-bigquery', allowed: ['@floe/core'] },
  { pkg: 'packages/target-flink-experimental', allowed: ['@floe/core'] },
  { pkg: 'packages/plugin-dagster', allowed: ['@floe/core'] },
  { pkg: 'packages/target-conformance', allowed: ['@floe/core'] },
  { pkg: 'packages/floe-docs', allowed: ['@floe/core'] },
];

describe.each(RULES)('$pkg', ({ pkg, allowed }) => {
  test(`imports only ${allowed.join(', ') || 'no other Floe package'}`, () => {
    const bad: string[] = [];
    for (const file of sources(join(ROOT, pkg, 'src'))) {
      for (const imp of floeImports(file)) if (!allowed.includes(imp)) bad.push(`${relative(ROOT, file)} imports ${imp}`);
    }
    expect(bad).toEqual([]);
  });
});
