import type { CompiledArtifacts, NodeResult, RunEvent, RunResults } from '@floe/core';
import { paint } from './style';

const LABEL: Record<NodeResult['status'], (s: string) => string> = {
  success: paint.green,
  pass: paint.green,
  warn: paint.yellow,
  fail: paint.red,
  error: paint.red,
  skipped: paint.yellow,
};

/** One line per finished node (status, duration, rows); colours only on a terminal. */
export function progressPrinter(artifacts: CompiledArtifacts, write: (t: string) => void): (e: RunEvent) => void {
  return (e) => {
    if (e.type === 'run_started') {
      write(`Running ${e.nodeIds.length} node${e.nodeIds.length === 1 ? '' : 's'} with ${e.threads} thread${e.threads === 1 ? '' : 's'}\n`);
    } else if (e.type === 'node_finished') {
      const n = artifacts.nodes[e.result.uniqueId];
      const what = n ? `${n.resourceType === 'model' ? n.materialized : n.resourceType} ${n.name}` : e.result.uniqueId;
      const width = String(e.total).length;
      const status = LABEL[e.result.status](e.result.status.toUpperCase().padEnd(7));
      const rows = e.result.rowsAffected !== undefined ? `, ${e.result.rowsAffected} rows` : e.result.failures ? `, ${e.result.failures} failing rows` : '';
      const time = e.result.status === 'skipped' ? '' : ` [${e.result.executionTime.toFixed(2)}s${rows}]`;
      write(`${String(e.index).padStart(width)}/${e.total} ${status} ${what}${time}\n`);
      if ((e.result.status === 'error' || e.result.status === 'fail' || e.result.status === 'warn') && e.result.message) {
        write(`${' '.repeat(width * 2 + 2)}${paint.dim(e.result.message.split('\n').join('\n' + ' '.repeat(width * 2 + 2)))}\n`);
      }
    }
  };
}

/** Counts per status and a closing line. */
export function summaryText(results: RunResults): string {
  const counts: Record<string, number> = { success: 0, pass: 0, warn: 0, error: 0, fail: 0, skipped: 0 };
  for (const r of results.results) counts[r.status] = (counts[r.status] ?? 0) + 1;
  const parts = [`${counts.success! + counts.pass!} ok`, `${counts.warn} warn`, `${counts.error! + counts.fail!} error`, `${counts.skipped} skipped`];
  const head = results.cancelled ? paint.yellow('Cancelled') : results.success ? paint.green('Completed') : paint.red('Completed with errors');
  return `\n${head} in ${results.elapsedTime.toFixed(2)}s: ${parts.join(', ')}\n`;
}
