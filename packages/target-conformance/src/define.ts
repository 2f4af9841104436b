import { it } from '@jest/globals';
import { Harness, type ConformanceOptions } from './harness';

export interface SuiteContext {
  options: ConformanceOptions;
  /** Defines one test with a fresh harness, or a skipped test that prints its reason. */
  test(name: string, fn: (h: Harness) => Promise<void>, timeoutMs?: number): void;
}

export function suiteContext(options: ConformanceOptions, feature: string): SuiteContext {
  return {
    options,
    test(name, fn, timeoutMs = 60_000) {
      const skip = options.skip?.find((s) => s.test === name || s.test === `${feature} > ${name}` || s.test === feature);
      if (skip) {
        // eslint-disable-next-line no-console
        console.info(`[conformance:${options.name}] skipped "${feature} > ${name}": ${skip.reason}`);
        it.skip(`${name} (skipped: ${skip.reason})`, () => undefined);
        return;
      }
      it(name, () => fn(new Harness(options)), timeoutMs);
    },
  };
}
