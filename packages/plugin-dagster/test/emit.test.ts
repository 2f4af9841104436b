import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ARTIFACTS_VERSION, FloeError, isFloePlugin, PLUGIN_API_VERSION } from '@floe/core';
import { dagsterPlugin, FLOE_DAGSTER_PY } from '../src';
import { shopArtifacts } from './helpers/artifacts-builder';

const ctx = { projectDir: '/p/shop', outDir: '/p/shop/target/dagster', artifactsPath: '../compiled_artifacts.json' };

async function emit(config: unknown = {}, context = ctx) {
  return dagsterPlugin.emit(shopArtifacts(), config as never, context);
}

describe('dagster plugin', () => {
  it('is a branded orchestrator plugin of the current api version', () => {
    expect(isFloePlugin(dagsterPlugin)).toBe(true);
    expect(dagsterPlugin.kind).toBe('orchestrator');
    expect(dagsterPlugin.name).toBe('dagster');
    expect(dagsterPlugin.apiVersion).toBe(PLUGIN_API_VERSION);
  });

  it('emits definitions.py, floe_dagster.py and requirements.txt', async () => {
    const files = await emit();
    expect(files.map((f) => f.path)).toEqual(['definitions.py', 'floe_dagster.py', 'requirements.txt']);
    const defs = files[0]?.contents ?? '';
    expect(defs).toContain('project_dir=str((HERE / "../..").resolve())');
    expect(defs).toContain('artifacts_path=str((HERE / "../compiled_artifacts.json").resolve())');
    expect(defs).toContain('floe_command=None');
    expect(defs).toContain('asset_key_prefix=[]');
    expect(defs).toContain('defs = build_definitions(project)');
    expect(files[1]?.contents).toBe(FLOE_DAGSTER_PY);
    expect(files[2]?.contents).toMatch(/^dagster>=1\.13,<2$/m);
  });

  it('writes config into definitions.py as Python literals', async () => {
    const files = await emit(
      {
        floeCommand: ['npx', 'floe "quoted"'],
        assetKeyPrefix: ['analytics'],
        artifactsPath: 'build/artifacts.json',
        flink: { maxCheckpointAgeSeconds: 120 },
      },
      { ...ctx, outDir: '/elsewhere/dagster' },
    );
    const defs = files[0]?.contents ?? '';
    expect(defs).toContain('floe_command=["npx", "floe \\"quoted\\""]');
    expect(defs).toContain('asset_key_prefix=["analytics"]');
    expect(defs).toContain('project_dir=str((HERE / "../../p/shop").resolve())');
    expect(defs).toContain('artifacts_path=str((HERE / "../../p/shop/build/artifacts.json").resolve())');
    expect(defs).toContain('max_checkpoint_age_seconds=120,');
    expect(defs).toContain('flink_sensor_interval_seconds=60,');
  });

  it('refuses invalid config', async () => {
    await expect(emit({ assetKeyPrefix: ['bad prefix'] })).rejects.toThrow();
    await expect(emit({ unknown: 1 })).rejects.toThrow();
  });

  it('refuses artifacts of another major version', () => {
    const artifacts = { ...shopArtifacts(), artifactsVersion: '2.0.0' };
    expect(() => dagsterPlugin.emit(artifacts, {}, ctx)).toThrow(FloeError);
    expect(() => dagsterPlugin.emit(artifacts, {}, ctx)).toThrow(
      expect.objectContaining({ code: 'FLOE_ARTIFACTS_INCOMPATIBLE', message: `the artifacts have version 2.0.0; this Dagster plugin reads ${ARTIFACTS_VERSION.split('.')[0]}.x` }),
    );
    // A newer minor of the same major is readable.
    const [major] = ARTIFACTS_VERSION.split('.');
    expect(() => dagsterPlugin.emit({ ...shopArtifacts(), artifactsVersion: `${major}.99.0` }, {}, ctx)).not.toThrow();
  });

  it('ships the Python loader exactly as python/floe_dagster.py (run npm run embed:python after editing it)', () => {
    const source = readFileSync(join(__dirname, '..', 'python', 'floe_dagster.py'), 'utf8');
    expect(FLOE_DAGSTER_PY).toBe(source);
  });

  it('the loader refuses the same majors as floe-core', () => {
    expect(FLOE_DAGSTER_PY).toContain(`SUPPORTED_ARTIFACTS_MAJOR = ${ARTIFACTS_VERSION.split('.')[0]}\n`);
  });
});
