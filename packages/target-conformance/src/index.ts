import { describe } from '@jest/globals';
import type { ConformanceOptions } from './harness';
import { compiledProjectSuite } from './suites/compiled-project';
import { crossDatabaseSuite } from './suites/cross-database';
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
    compiledProjectSuite(options);
    crossDatabaseSuite(options);
  });
}

export type { ConformanceOptions, Row } from './harness';
export { Harness, normalizeRow, sortRows, statusOf } from './harness';
export { FIXTURES_DIR } from './suites/compiled-project';
export { ArtifactsBuilder, genericTestSql, type SqlContext } from './artifacts-builder';
