import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PluginRegistry, PLUGIN_API_VERSION } from '../../src';
import { loadProjectPlugins } from '../../src/plugin/load-plugins';

// An ES module plugin is imported through plugin/import-esm.cjs (kept out of the bundle so the
// floe launcher's code cache can hold the bundle); a CommonJS one is required.
// Under jest an import() needs --experimental-vm-modules, so the ES module case runs in the
// built launcher instead: apps/floe-cli/test/third-party-plugin.test.ts.
describe('plugins: CommonJS files', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'floe-cjs-plugin-'));
    const body = (name: string) =>
      `{ kind: 'target', name: '${name}', apiVersion: '${PLUGIN_API_VERSION}', stability: 'stable', configSchema: { safeParse: (v) => ({ success: true, data: v }) }, ` +
      `capabilities: { executionModel: 'batch', materializations: ['view'] }, createDialect() { return {}; }, connect() {}, [Symbol.for('floe.plugin')]: true }`;
    writeFileSync(join(dir, 'cjs-plugin.cjs'), `module.exports = ${body('cjstarget')};\n`);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const at = { file: 'floe.yaml', line: 6, column: 11 };
  test('a CommonJS plugin registers', async () => {
    const registry = new PluginRegistry();
    expect(await loadProjectPlugins(registry, [{ specifier: './cjs-plugin.cjs', at }], dir)).toEqual([]);
    expect(registry.findTarget('cjstarget')?.name).toBe('cjstarget');
  });
});
