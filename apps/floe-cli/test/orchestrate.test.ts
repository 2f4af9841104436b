import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { parseArtifacts } from '@floe/core';
import { BASE_PROJECT, removeProject, runCli, targetIsEmpty, writeProject } from './helpers';

const REPO = join(__dirname, '../../..');

function shopCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'floe-orch-'));
  cpSync(join(REPO, 'examples/shop'), dir, { recursive: true });
  return dir;
}

describe('floe orchestrate dagster', () => {
  test('compiles and writes the artifacts and a code location under target/dagster that reads them by a relative path', async () => {
    const dir = shopCopy();
    try {
      const r = await runCli(['orchestrate', 'dagster', '--project-dir', dir]);
      expect(r.stderr).toContain('Wrote a dagster code location for shop (3 files)');
      expect(r.code).toBe(0);
      expect(readdirSync(join(dir, 'target/dagster')).sort()).toEqual(['definitions.py', 'floe_dagster.py', 'requirements.txt']);
      const artifacts = parseArtifacts(readFileSync(join(dir, 'target/compiled_artifacts.json'), 'utf8'));
      expect(artifacts.project.name).toBe('shop');
      expect(existsSync(join(dir, 'target/manifest.json'))).toBe(true);
      const defs = readFileSync(join(dir, 'target/dagster/definitions.py'), 'utf8');
      expect(defs).toContain('project_dir=str((HERE / "../..").resolve())');
      expect(defs).toContain('artifacts_path=str((HERE / "../compiled_artifacts.json").resolve())');
      expect(defs).toContain(`from artifacts version ${artifacts.artifactsVersion}`);
      // No temp files left behind.
      expect(readdirSync(join(dir, 'target')).filter((f) => f.includes('.tmp-'))).toEqual([]);
    } finally {
      removeProject(dir);
    }
  });

  test('--out puts the location elsewhere; the paths inside follow; --json reports the files; --config reaches the plugin', async () => {
    const dir = shopCopy();
    const out = mkdtempSync(join(tmpdir(), 'floe-orch-out-'));
    try {
      const r = await runCli(['orchestrate', 'dagster', '--project-dir', dir, '--out', join(out, 'loc'), '--json', '--config', '{assetKeyPrefix: [analytics]}']);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const doc = JSON.parse(r.stdout) as { ok: boolean; orchestrator: string; outDir: string; files: string[] };
      expect(doc).toMatchObject({ ok: true, orchestrator: 'dagster', outDir: join(out, 'loc') });
      expect(doc.files.sort()).toEqual(
        [join(dir, 'target/compiled_artifacts.json'), join(dir, 'target/manifest.json'), ...['definitions.py', 'floe_dagster.py', 'requirements.txt'].map((f) => join(out, 'loc', f))].sort(),
      );
      const defs = readFileSync(join(out, 'loc/definitions.py'), 'utf8');
      const toProject = relative(join(out, 'loc'), dir);
      expect(defs).toContain(`project_dir=str((HERE / "${toProject}").resolve())`);
      expect(defs).toContain(`artifacts_path=str((HERE / "${toProject}/target/compiled_artifacts.json").resolve())`);
      expect(defs).toContain('asset_key_prefix=["analytics"]');
      expect(existsSync(join(dir, 'target/dagster'))).toBe(false);
    } finally {
      removeProject(dir);
      removeProject(out);
    }
  });

  test('--help explains the command, the default folder and what happens on failure', async () => {
    const r = await runCli(['orchestrate', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: floe orchestrate [options] <orchestrator>');
    expect(r.stdout).toContain('orchestrator plugin: dagster');
    expect(r.stdout).toContain('--out <dir>');
    expect(r.stdout).toContain('<project-dir>/target/<orchestrator>');
    expect(r.stdout).toContain('Nothing is written when compiling or generating fails.');
    expect(r.stdout).toContain('--project-dir <dir>');
  });

  test('an unknown orchestrator is a FloeError naming the known ones; nothing is written', async () => {
    const dir = writeProject(BASE_PROJECT);
    try {
      const r = await runCli(['orchestrate', 'dagstr', '--project-dir', dir, '--json']);
      expect(r.code).toBe(2);
      const d = JSON.parse(r.stdout).diagnostics[0];
      expect(d.code).toBe('FLOE_PLUGIN_NOT_FOUND');
      expect(d.message).toContain('unknown orchestrator "dagstr"; did you mean "dagster"?');
      expect(targetIsEmpty(dir)).toBe(true);
    } finally {
      removeProject(dir);
    }
  });

  test('a project with errors: diagnostics, exit 2, nothing written', async () => {
    const dir = writeProject({ ...BASE_PROJECT, 'models/marts/items.sql': "select * from {{ ref('nope') }}\n" });
    try {
      const r = await runCli(['orchestrate', 'dagster', '--project-dir', dir]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('FLOE_REF_UNKNOWN');
      expect(r.stderr).toContain('nothing was written');
      expect(targetIsEmpty(dir)).toBe(true);
    } finally {
      removeProject(dir);
    }
  });

  test('invalid --config is FLOE_ORCHESTRATOR_CONFIG_INVALID naming the field; nothing written', async () => {
    const dir = writeProject(BASE_PROJECT);
    try {
      let r = await runCli(['orchestrate', 'dagster', '--project-dir', dir, '--json', '--config', '{assetKeyPrefix: ["a b"], nope: 1}']);
      expect(r.code).toBe(2);
      const d = JSON.parse(r.stdout).diagnostics[0];
      expect(d.code).toBe('FLOE_ORCHESTRATOR_CONFIG_INVALID');
      expect(d.message).toContain('assetKeyPrefix.0: use letters, digits and underscores');
      expect(d.message).toContain('nope');
      r = await runCli(['orchestrate', 'dagster', '--project-dir', dir, '--json', '--config', '[1, 2]']);
      expect(r.code).toBe(2);
      expect(JSON.parse(r.stdout).diagnostics[0].code).toBe('FLOE_ORCHESTRATOR_CONFIG_INVALID');
      expect(targetIsEmpty(dir)).toBe(true);
    } finally {
      removeProject(dir);
    }
  });

  test('an unwritable output folder is FLOE_OUTPUT_UNWRITABLE and leaves the previous files untouched', async () => {
    const dir = writeProject(BASE_PROJECT);
    try {
      expect((await runCli(['orchestrate', 'dagster', '--project-dir', dir])).code).toBe(0);
      const before = readFileSync(join(dir, 'target/compiled_artifacts.json'), 'utf8');
      writeFileSync(join(dir, 'models/staging/stg_items.sql'), "select id, name, price, 1 as v2 from {{ ref('raw_items') }}\n");
      // A file where the output folder should be: fails for root too (ENOTDIR).
      writeFileSync(join(dir, 'blocker'), '');
      const r = await runCli(['orchestrate', 'dagster', '--project-dir', dir, '--json', '--out', join(dir, 'blocker', 'loc')]);
      expect(r.code).toBe(2);
      const d = JSON.parse(r.stdout).diagnostics[0];
      expect(d.code).toBe('FLOE_OUTPUT_UNWRITABLE');
      expect(d.message).toContain('blocker');
      // The new artifacts were staged before the failure: the old ones stay, no temp file remains.
      expect(readFileSync(join(dir, 'target/compiled_artifacts.json'), 'utf8')).toBe(before);
      expect(readdirSync(join(dir, 'target')).filter((f) => f.includes('.tmp-'))).toEqual([]);
    } finally {
      removeProject(dir);
    }
  });

  describe('an orchestrator plugin listed under plugins: (looked up in the registry after compiling)', () => {
    const PLUGIN = [
      "'use strict';",
      "const { z } = require('zod');",
      "const { defineOrchestrator, PLUGIN_API_VERSION } = require('@floe/core');",
      'module.exports = defineOrchestrator({',
      "  name: 'listing', apiVersion: PLUGIN_API_VERSION, stability: 'experimental',",
      '  configSchema: z.object({ escape: z.boolean().default(false) }).strict(),',
      "  emit: (artifacts, config, ctx) => [{ path: config.escape ? '../escaped.txt' : 'sub/nodes.txt', contents: Object.keys(artifacts.nodes).sort().join('\\n') + '\\n' + ctx.artifactsPath + '\\n' }],",
      '});',
      '',
    ].join('\n');

    function projectWithListing(): string {
      const dir = writeProject({ ...BASE_PROJECT, 'floe.yaml': BASE_PROJECT['floe.yaml']! + 'plugins:\n  - floe-orchestrator-listing\n' });
      const nm = join(dir, 'node_modules');
      mkdirSync(join(nm, '@floe'), { recursive: true });
      mkdirSync(join(nm, 'floe-orchestrator-listing'));
      writeFileSync(join(nm, 'floe-orchestrator-listing', 'package.json'), JSON.stringify({ name: 'floe-orchestrator-listing', version: '1.0.0', main: 'index.js' }));
      writeFileSync(join(nm, 'floe-orchestrator-listing', 'index.js'), PLUGIN);
      symlinkSync(join(REPO, 'packages/floe-core'), join(nm, '@floe/core'), 'dir');
      symlinkSync(join(REPO, 'node_modules/zod'), join(nm, 'zod'), 'dir');
      return dir;
    }

    test('writes what the plugin emits into target/<name>, with the artifacts path relative to it', async () => {
      const dir = projectWithListing();
      try {
        const r = await runCli(['orchestrate', 'listing', '--project-dir', dir]);
        expect(r.stderr).toContain('Wrote a listing code location for corpus (1 file');
        expect(r.code).toBe(0);
        const text = readFileSync(join(dir, 'target/listing/sub/nodes.txt'), 'utf8');
        expect(text).toContain('model.corpus.items\n');
        expect(text.trim().split('\n').pop()).toBe('../compiled_artifacts.json');
      } finally {
        removeProject(dir);
      }
    });

    test('a plugin that emits a file outside its folder is refused (FLOE_PLUGIN_INVALID); nothing is written', async () => {
      const dir = projectWithListing();
      try {
        const r = await runCli(['orchestrate', 'listing', '--project-dir', dir, '--json', '--config', '{escape: true}']);
        expect(r.code).toBe(2);
        const d = JSON.parse(r.stdout).diagnostics[0];
        expect(d.code).toBe('FLOE_PLUGIN_INVALID');
        expect(d.message).toContain('"../escaped.txt"');
        expect(targetIsEmpty(dir)).toBe(true);
      } finally {
        removeProject(dir);
      }
    });
  });
});
