import { stackDown } from './dev-stack';

export default async function globalTeardown(): Promise<void> {
  if (process.env.FLOE_DAGSTER_E2E_STACK_STARTED === '1') await stackDown();
}
