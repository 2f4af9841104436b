// e2e only: start the stack once for all *.int.test.ts files (each file's stackUp then reuses it),
// and stop it at the end only if it was not running before.
import { stackUp } from './dev-stack';

export default async function globalSetup(): Promise<void> {
  const up = await stackUp('6s');
  process.env.FLOE_E2E_STACK_STARTED = up.wasRunning ? '0' : '1';
  console.log(`\ndev stack ${up.wasRunning ? 'reused' : 'started'} in ${(up.ms / 1000).toFixed(1)} s (global setup)`);
}
