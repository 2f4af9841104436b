import { main } from '@floe/cli';

export interface FloeRun {
  code: number;
  out: string;
  err: string;
}

/** Runs the floe CLI in this process (sources through the jest mapping) and captures what it prints. */
export async function runFloe(args: string[]): Promise<FloeRun> {
  let out = '';
  let err = '';
  const code = await main(['node', 'floe', ...args], { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}
