import { runTargetConformance } from '@floe/target-conformance';
import { duckdbTarget } from '../src';

runTargetConformance({ name: 'duckdb', plugin: duckdbTarget, makeConfig: (dir) => ({ type: 'duckdb', path: `${dir}/conformance.duckdb` }) });
