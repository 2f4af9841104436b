import { describe } from '@jest/globals';
import type { ConformanceOptions } from './harness';
import { dataTestSuite } from './suites/data-tests';
import { incrementalSuite } from './suites/incremental';
import { isolationSuite } from './suites/isolation';
import { seedSuite } from './suites/seed';
import { snapshotSuite } from './suites/snapshot';
import { viewAndTableSuite } from './suites/view-table';

/**
 * Defines the shared conformance suite for one target as jest `describe`/`it`
 * blocks. Call it from a one-line test file in the target package.
 */
export function runTargetConformance(options: ConformanceOptions): void {
  describe(`${options.name} target conformance`, () => {
    viewAndTableSuite(options);
    incrementalSuite(options);
    snapshotSuite(options);
    seedSuite(options);
    dataTestSuite(options);
    isolationSuite(options);
  });
}

export type { ConformanceOptions, Row } from './harness';
export { Harness, normalizeRow, sortRows, statusOf } from './harness';
export { ArtifactsBuilder, genericTestSql, type SqlContext } from './artifacts-builder';
