import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BASE_PROJECT, removeProject, runCli, writeProject } from './helpers';

/**
 * A target published outside packages/, installed into the project's own
 * node_modules (next to its peer @floe/core, the built package), listed under
 * plugins: in floe.yaml, and selected by platform.yaml — exactly as a user would.
 */
const REPO = join(__dirname, '../../..');

function projectWithEcho(): string {
  const dir = writeProject({
    ...BASE_PROJECT,
    'floe.yaml': BASE_PROJECT['floe.yaml']! + 'compute: main\nplugins:\n  - floe-target-echo\n',
    'platform.yaml': 'apiVersion: floe.dev/v1\nkind: Platform\nenvironments:\n  dev:\n    compute:\n      main:\n        type: echo\n        schema: shop\n',
  });
  const nm = join(dir, 'node_modules');
  mkdirSync(join(nm, '@floe'), { recursive: true });
  cpSync(join(REPO, 'tools/test-plugins/floe-target-echo'), join(nm, 'floe-target-echo'), { recursive: true });
  symlinkSync(join(REPO, 'packages/floe-core'), join(nm, '@floe/core'), 'dir');
  symlinkSync(join(REPO, 'node_modules/zod'), join(nm, 'zod'), 'dir');
  return dir;
}

describe('third-party target loaded through plugins:', () => {
  test('compiles with the plugin dialect', async () => {
    const dir = projectWithEcho();
    try {
      const r = await runCli(['compile', '--project-dir', dir]);
      expect(r.stderr).toContain('Compiled');
      expect(r.code).toBe(0);
      const a = JSON.parse(readFileSync(join(dir, 'target/compiled_artifacts.json'), 'utf8'));
      expect(a.computes.main.type).toBe('echo');
      expect(a.nodes['model.corpus.items'].compiledSql).toContain('from `shop`.`stg_items`');
    } finally {
      removeProject(dir);
    }
  });

  test('an incompatible apiVersion is refused with FLOE_PLUGIN_INCOMPATIBLE at the plugins: entry', async () => {
    const dir = projectWithEcho();
    process.env.FLOE_ECHO_API_VERSION = '2.0';
    try {
      const r = await runCli(['compile', '--project-dir', dir, '--json']);
      expect(r.code).toBe(2);
      const d = JSON.parse(r.stdout).diagnostics[0];
      expect([d.code, d.file, d.line]).toEqual(['FLOE_PLUGIN_INCOMPATIBLE', 'floe.yaml', 12]);
    } finally {
      delete process.env.FLOE_ECHO_API_VERSION;
      removeProject(dir);
    }
  });

  test('an ES module plugin loads in the real launcher (code cache on) and compiles', () => {
    // floe-core imports ES modules through dist/import-esm.cjs, a file of its own so the launcher's
    // code cache can hold the bundle; jest cannot run import(), so this runs the built CLI.
    const dir = projectWithEcho();
    const plugin = join(dir, 'node_modules/floe-target-echo');
    const cjs = readFileSync(join(plugin, 'index.js'), 'utf8');
    const esm = cjs
      .replace("'use strict';\n", '')
      .replace("const { z } = require('zod');", "import { z } from 'zod';")
      .replace("const { defineTarget, DEFAULT_CAPABILITIES, FloeError } = require('@floe/core');", "import { defineTarget, DEFAULT_CAPABILITIES, FloeError } from '@floe/core';")
      .replace('module.exports = defineTarget(', 'export default defineTarget(');
    expect(esm).not.toMatch(/require\(|module\.exports/);
    writeFileSync(join(plugin, 'index.mjs'), esm);
    writeFileSync(join(plugin, 'package.json'), JSON.stringify({ name: 'floe-target-echo', version: '1.0.0', type: 'module', main: 'index.mjs', peerDependencies: { '@floe/core': '0.x' } }));
    try {
      const r = spawnSync(process.execPath, [join(REPO, 'apps/floe-cli/bin/floe.js'), 'compile', '--project-dir', dir], { encoding: 'utf8', timeout: 60_000 });
      expect(r.stderr).toContain('Compiled');
      expect(r.status).toBe(0);
      const a = JSON.parse(readFileSync(join(dir, 'target/compiled_artifacts.json'), 'utf8'));
      expect(a.computes.main.type).toBe('echo');
    } finally {
      removeProject(dir);
    }
  });
});
