import { createRequire } from 'node:module';
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DiagnosticBag, isFloeError, type Diagnostic, type SourcePosition } from '../errors';
import { assertPlugin, type PluginRegistry } from './registry';
import type { FloePlugin } from './target-plugin';

export interface PluginSpecifier {
  specifier: string;
  at: SourcePosition;
}

/**
 * Imports the packages listed under `plugins:` in floe.yaml, resolved from the
 * project folder exactly as Node would resolve them for the user's project
 * (its node_modules, then parents), checks each export against the contract
 * and registers it. Returns diagnostics instead of throwing.
 */
export async function loadProjectPlugins(
  registry: PluginRegistry,
  specifiers: readonly PluginSpecifier[],
  projectDir: string,
): Promise<Diagnostic[]> {
  const bag = new DiagnosticBag();
  const requireFromProject = createRequire(join(projectDir, 'floe.yaml'));
  for (const { specifier, at } of specifiers) {
    const isPath = specifier.startsWith('.') || isAbsolute(specifier);
    let resolved: string;
    try {
      if (isPath) {
        const abs = resolve(projectDir, specifier);
        const rel = relative(projectDir, abs);
        if (rel.startsWith('..') || isAbsolute(rel)) {
          bag.error('FLOE_PATH_OUTSIDE_PROJECT', `plugin path "${specifier}" leaves the project folder`, at, 'Install the plugin as a package, or move it into the project.');
          continue;
        }
        resolved = requireFromProject.resolve(abs);
      } else {
        resolved = requireFromProject.resolve(specifier);
      }
    } catch {
      bag.error(
        'FLOE_PLUGIN_NOT_FOUND',
        `plugin package "${specifier}" is not installed`,
        at,
        isPath ? `Check the path; it is resolved from ${projectDir}.` : `Run \`npm install ${specifier}\` in the project folder.`,
      );
      continue;
    }
    try {
      const mod = await importModule(resolved);
      const plugin = pickExport(mod);
      const origin = `package "${specifier}"`;
      assertPlugin(plugin, origin);
      registry.register(plugin as FloePlugin, origin);
    } catch (err) {
      if (isFloeError(err)) {
        bag.error(err.code, err.message, at, err.hint);
      } else {
        bag.error('FLOE_PLUGIN_INVALID', `plugin "${specifier}" failed to load: ${(err as Error).message}`, at);
      }
    }
  }
  return bag.items;
}

function pickExport(mod: unknown): unknown {
  const m = mod as Record<string, unknown> | null;
  if (!m) return m;
  if (m.default && typeof m.default === 'object') {
    const d = m.default as Record<string, unknown>;
    // CommonJS module imported as ESM: default is module.exports.
    if ((d as { kind?: unknown }).kind) return d;
    if (d.default) return d.default;
    if (d.plugin) return d.plugin;
  }
  return m.plugin ?? m.default ?? m;
}

async function importModule(file: string): Promise<unknown> {
  // CommonJS files load with require (works under jest and in the CJS build);
  // ES modules need a real dynamic import, which bundlers must not rewrite (so it is in a .cjs file).
  if (file.endsWith('.cjs') || (file.endsWith('.js') && !isEsmFile(file))) {
    return createRequire(file)(file);
  }
  // import-esm.cjs sits beside this file in src/ and beside the bundle in dist/.
  const importEsm = createRequire(__filename)('./import-esm.cjs') as (url: string) => Promise<unknown>;
  return importEsm(pathToFileURL(file).href);
}

function isEsmFile(file: string): boolean {
  // Nearest package.json decides for .js files.
  let dir = file;
  for (let i = 0; i < 50; i++) {
    const parent = dir.slice(0, dir.lastIndexOf(sep));
    if (!parent || parent === dir) break;
    dir = parent;
    const pj = join(dir, 'package.json');
    if (existsSync(pj)) {
      try {
        return (JSON.parse(readFileSync(pj, 'utf8')) as { type?: string }).type === 'module';
      } catch {
        return false;
      }
    }
  }
  return false;
}
