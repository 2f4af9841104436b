import { chmodSync, cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
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
    if (process.getuid?.() === 0) {
      console.log('skipped: running as root, file permissions do not apply');
      return;
    }
    const dir = writeProject(BASE_PROJECT);
    try {
      expect((await runCli(['orchestrate', 'dagster', '--project-dir', dir])).code).toBe(0);
      const before = readFileSync(join(dir, 'target/compiled_artifacts.json'), 'utf8');
      writeFileSync(join(dir, 'models/staging/stg_items.sql'), "select id, name, price, 1 as v2 from {{ ref('raw_items') }}\n");
      chmodSync(join(dir, 'target/dagster'), 0o555);
      const r = await runCli(['orchestrate', 'dagster', '--project-dir', dir, '--json']);
      chmodSync(join(dir, 'target/dagster'), 0o755);
      expect(r.code).toBe(2);
      const d = JSON.parse(r.stdout).diagnostics[0];
      expect(d.code).toBe('FLOE_OUTPUT_UNWRITABLE');
      expect(d.message).toContain('target/dagster');
      // The artifacts were staged before the failure; they keep their old content and no temp file remains.
      expect(readFileSync(join(dir, 'target/compiled_artifacts.json'), 'utf8')).toBe(before);
      expect(readdirSync(join(dir, 'target')).filter((f) => f.includes('.tmp-'))).toEqual([]);
    } finally {
      removeProject(dir);
    }
  });
});
