/**
 * The TypeScript Pipes writer (what the floe CLI uses to report back) against
 * Dagster's own dagster_pipes package: same calls, same messages, and the
 * messages validate against its types. Runs with FLOE_E2E=1 (npm run test:e2e).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodePipesParam, decodePipesParam, openPipesSession, PipesMetadata, type PipesContextData } from '../src/pipes';
import { ensureDagsterVenv, expectOk, PACKAGE_ROOT, run } from './helpers/python-env';

const FIXTURES = join(PACKAGE_ROOT, 'test', 'fixtures');
let venv = '';
const py = () => join(venv, 'bin', 'python');

beforeAll(() => {
  venv = ensureDagsterVenv();
}, 600_000);

function tmp(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `floe-dagster-${prefix}-`));
}

describe('TypeScript Pipes writer against the dagster_pipes package', () => {
  it('writes the same messages as dagster_pipes for the same calls, and they validate against its types', () => {
    const dir = tmp('ref');
    const context: PipesContextData = {
      asset_keys: ['shop/orders', 'shop/stg_orders'],
      code_version_by_asset_key: null,
      provenance_by_asset_key: null,
      partition_key: null,
      partition_key_range: null,
      partition_time_window: null,
      run_id: 'r1',
      job_name: null,
      retry_number: 0,
      extras: {},
    };
    const contextFile = join(dir, 'context.json');
    const messages = join(dir, 'ts.jsonl');
    writeFileSync(contextFile, JSON.stringify(context));
    const session = openPipesSession({
      DAGSTER_PIPES_CONTEXT: encodePipesParam({ path: contextFile }),
      DAGSTER_PIPES_MESSAGES: encodePipesParam({ path: messages }),
    });
    if (!session) throw new Error('no session');
    session.reportMaterialization({
      assetKey: 'shop/orders',
      dataVersion: 'v1',
      metadata: {
        rows_affected: PipesMetadata.int(12),
        duration_seconds: PipesMetadata.float(2),
        checksum: PipesMetadata.text('abc'),
        compiled_sql: PipesMetadata.md('```sql\nselect 1\n```'),
        raw_count: 7,
      },
    });
    session.reportCheck({ assetKey: 'shop/orders', checkName: 'not_null_orders_id', passed: false, severity: 'WARN', metadata: { failures: PipesMetadata.int(3) } });
    session.log('INFO', 'hello');
    session.reportCustomMessage({ a: 1 });
    session.close();

    const encoded = encodePipesParam({ path: '/tmp/x', nested: [1, 'ü'] });
    const r = run(py(), [join(FIXTURES, 'python_pipes_reference.py'), contextFile, messages, encoded]);
    expectOk(r, 'python_pipes_reference.py');
    const out = JSON.parse(r.stdout) as { reference: string[]; problems: string[]; decoded: unknown; encoded: string };
    expect(out.problems).toEqual([]);
    const ours = readFileSync(messages, 'utf8').trim().split('\n');
    expect(ours.map((l) => JSON.parse(l))).toEqual(out.reference.map((l) => JSON.parse(l)));
    // Floats keep their decimal point on the wire, as Python's json.dumps writes them.
    expect(ours[1]).toContain('"raw_value":2.0');
    expect(out.reference[1]).toContain('"raw_value": 2.0');
    expect(out.decoded).toEqual({ path: '/tmp/x', nested: [1, 'ü'] });
    expect(decodePipesParam(out.encoded)).toEqual({ path: '/tmp/ctx.json', ü: [1, 2.5] });
  }, 120_000);
});
