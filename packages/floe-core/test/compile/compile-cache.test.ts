import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { fingerprintMatches, fingerprintProject } from '../../src/compile';
import { loadProject } from '../../src/load';
import type { LoadedProject } from '../../src/project/types';
import { cleanupProjects, FLOE_HEAD, writeProject } from '../load/helpers';

/**
 * The compile cache's fingerprint (target/.floe-compile-cache.json) must
 * describe what the compile read. A file that appears while a project
 * compiles (after the loader listed its folder) was not compiled, so the
 * next `floe compile` must not find the cache up to date.
 */
describe('compile fingerprint', () => {
  afterAll(cleanupProjects);

  async function load(dir: string): Promise<LoadedProject> {
    const { project, diagnostics } = await loadProject({ projectDir: dir, env: {} });
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    return project!;
  }

  const newProject = () =>
    writeProject({
      'floe.yaml': FLOE_HEAD,
      'models/staging/stg_orders.sql': 'select 1 as id\n',
      'models/orders.sql': "select * from {{ ref('stg_orders') }}\n",
    });

  test('matches the folder it was made from when nothing changed', async () => {
    const dir = newProject();
    const fp = fingerprintProject(await load(dir), { envRead: {} })!;
    expect(Object.keys(fp.dirs)).toEqual(expect.arrayContaining(['', 'models', 'models/staging']));
    expect(fingerprintMatches(dir, fp, {}, {})).toBe(true);
  });

  test.each([
    ['a model in a folder the loader listed', 'models/staging/stg_customers.sql', 'select 2 as id\n'],
    ['a new folder of models', 'models/extra/extra_orders.sql', 'select 3 as id\n'],
    ['a seed in a configured seeds folder that did not exist', 'seeds/raw_orders.csv', 'id\n1\n'],
    ['platform.yaml in the project folder', 'platform.yaml', 'apiVersion: floe.dev/v1\nkind: Platform\nenvironments:\n  dev:\n    compute:\n      default: { type: duckdb }\n'],
  ])('does not count %s, added after loading, as seen', async (_what, rel, text) => {
    const dir = newProject();
    const project = await load(dir);
    // Added after the loader listed the folders, before the fingerprint is made (the end of a compile).
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
    const fp = fingerprintProject(project, { envRead: {} })!;
    expect(fingerprintMatches(dir, fp, {}, {})).toBe(false);
    // A compile that read the new file is up to date again.
    expect(fingerprintMatches(dir, fingerprintProject(await load(dir), { envRead: {} })!, {}, {})).toBe(true);
  });
});
