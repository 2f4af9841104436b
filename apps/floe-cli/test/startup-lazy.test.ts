import { BASE_PROJECT, removeProject, runCli, writeProject } from './helpers';

// Records which of the CLI's heavier packages get imported; each mock is the real module.
const loaded: string[] = [];
const track = (name: string) => {
  loaded.push(name);
  return jest.requireActual(name);
};
jest.mock('@floe/target-duckdb', () => track('@floe/target-duckdb'));
jest.mock('@floe/target-snowflake', () => track('@floe/target-snowflake'));
jest.mock('@floe/target-bigquery', () => track('@floe/target-bigquery'));
jest.mock('@floe/target-flink-experimental', () => track('@floe/target-flink-experimental'));
jest.mock('@floe/plugin-dagster', () => track('@floe/plugin-dagster'));
jest.mock('@floe/docs', () => track('@floe/docs'));

describe('start-up: a command imports only what it uses', () => {
  let dir: string;
  beforeAll(() => {
    dir = writeProject(BASE_PROJECT);
  });
  afterAll(() => removeProject(dir));
  beforeEach(() => {
    loaded.length = 0;
  });

  test('floe --version imports no plugin package', async () => {
    const r = await runCli(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    expect(loaded).toEqual([]);
  });

  test('floe compile of a DuckDB project imports @floe/target-duckdb and nothing else of the CLI plugins', async () => {
    const r = await runCli(['compile', '--project-dir', dir, '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).ok).toBe(true);
    expect(loaded).toEqual(['@floe/target-duckdb']);
  });

  test('floe orchestrate --help names dagster without importing it', async () => {
    const r = await runCli(['orchestrate', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('orchestrator plugin: dagster');
    expect(loaded).toEqual([]);
  });
});
