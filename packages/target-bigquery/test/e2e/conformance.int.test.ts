import { afterAll, beforeAll } from '@jest/globals';
import { runTargetConformance } from '@floe/target-conformance';
import bigquery from '../../src';
import { EMULATOR_PROJECT, startEmulator, type Emulator } from './emulator';
import { EMULATOR_SKIPS } from './emulator-skips';

// The shared conformance suite against bqemulator (BigQuery's REST protocol, official Node client).
let emulator: Emulator | undefined;
let n = 0;
const port = Number(process.env['FLOE_BQ_EMULATOR_PORT'] ?? 0);

beforeAll(async () => {
  if (!port) emulator = await startEmulator();
}, 660_000);
afterAll(async () => {
  await emulator?.stop();
});

runTargetConformance({
  name: 'bigquery-emulator',
  plugin: bigquery,
  // One dataset per test, so tests never see each other's tables.
  makeConfig: () => ({
    type: 'bigquery',
    project: EMULATOR_PROJECT,
    dataset: `conf_${process.pid}_${++n}`,
    api_endpoint: emulator?.endpoint ?? `http://127.0.0.1:${port}`,
    threads: 4,
    connect_timeout_seconds: 10,
  }),
  skip: EMULATOR_SKIPS,
});
