import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PluginRegistry, compileProject, type CompiledArtifacts } from '@floe/core';
import { duckdbTarget } from '@floe/target-duckdb';

export const SHOP = resolve(__dirname, '../../../examples/shop');

/** A fresh copy of examples/shop in a temp folder. */
export function copyShop(): string {
  const dir = mkdtempSync(join(tmpdir(), 'floe-docs-shop-'));
  cpSync(SHOP, dir, { recursive: true, filter: (src) => !src.includes('/target') });
  return dir;
}

export function registry(): PluginRegistry {
  return new PluginRegistry([duckdbTarget]);
}

export async function compileShop(dir: string): Promise<CompiledArtifacts> {
  const compiled = await compileProject({ projectDir: dir, registry: registry() });
  const errors = compiled.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length) throw new Error(errors.map((e) => e.message).join('\n'));
  return compiled.artifacts!;
}
