import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { fakesnowVenv } from './fakesnow';

export interface ParseReport {
  sqlglot: string;
  parsed: number;
  failures: { sql: string; error: string }[];
  commands: string[];
}

/** Parses statements with sqlglot (tools/python/sqlglot_parse.py) in the given dialect. */
export function parseWithSqlglot(statements: string[], dialect = 'snowflake'): ParseReport {
  const out = execFileSync(`${fakesnowVenv()}/bin/python`, [resolve(__dirname, '../../../../tools/python/sqlglot_parse.py'), dialect], {
    input: JSON.stringify(statements),
    encoding: 'utf8',
    timeout: 120_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(out) as ParseReport;
}
