// e2e only: one Kafka + Flink stack for every *.int.test.ts file that needs it
// (streaming.int.test.ts); stopped at the end only if this run started it.
import { stackUp } from './dev-stack';

export default async function globalSetup(): Promise<void> {
  const up = await stackUp();
  process.env.FLOE_DAGSTER_E2E_STACK_STARTED = up.started ? '1' : '0';
  console.log(`\ndev stack ${up.started ? 'started' : 'reused'} in ${(up.ms / 1000).toFixed(1)} s (global setup)`);
}
