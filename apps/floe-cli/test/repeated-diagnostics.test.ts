import { BASE_PROJECT, removeProject, runCli, writeProject } from './helpers';

/**
 * A generic test macro that fails fails the same way for every test that uses it: the CLI
 * prints that error once, says how often it was reported, and counts it once.
 */
describe('repeated diagnostics', () => {
  test('an error raised in a test macro used by three tests is printed once, with the count', async () => {
    const dir = writeProject({
      ...BASE_PROJECT,
      'macros/positive.sql': "{% test positive(model, column_name) %}select * from {{ model }} where {{ no_such_helper(column_name) }}{% endtest %}\n",
      'models/marts/schema.yml': ['version: 2', 'models:', '  - name: items', '    columns:', '      - name: id', '        tests: [positive]', '      - name: name', '        tests: [positive]', '      - name: double_price', '        tests: [positive]', ''].join('\n'),
    });
    try {
      const r = await runCli(['compile', '--project-dir', dir]);
      expect(r.code).toBe(2);
      expect(r.stderr.match(/error FLOE_MACRO_UNKNOWN/g)).toHaveLength(1);
      expect(r.stderr).toContain('note: reported 3 times, shown once');
      expect(r.stderr).toContain('1 error; nothing was written.');
      // Machine-readable output keeps every report.
      const json = await runCli(['compile', '--project-dir', dir, '--json']);
      const diagnostics = (JSON.parse(json.stdout) as { diagnostics: { code: string }[] }).diagnostics;
      expect(diagnostics.filter((d) => d.code === 'FLOE_MACRO_UNKNOWN')).toHaveLength(3);
    } finally {
      removeProject(dir);
    }
  });
});
