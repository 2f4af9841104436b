/** Conformance tests the emulator cannot run, each with the reason (printed in the report). */
export const EMULATOR_SKIPS: { test: string; reason: string }[] = [
  {
    test: 'cancellation',
    reason:
      'bqemulator 1.4.0 runs a query inside jobs.insert and cannot interrupt DuckDB on jobs.cancel, so the 10^12-row query would hold the emulator; the target cancels by job id (session.ts), which is not exercised by any test here',
  },
];
