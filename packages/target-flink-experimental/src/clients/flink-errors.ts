import { FloeError } from '@floe/core';
import { redactSql } from './redact';

/** One link of a Java exception chain as Flink prints it: `Caused by: <class>: <message>`. */
export interface FlinkCause {
  className: string;
  message: string;
}

/** What Flink's REST error body (`{"errors": [...]}`) says, reduced to what a user needs. */
export interface FlinkErrorDetail {
  /** The most useful message: the first cause that is not a gateway/REST wrapper (it usually carries the SQL position). */
  message: string;
  /** The deepest cause of the chain. */
  rootCause: FlinkCause | undefined;
  /** The whole chain, outermost first. */
  causes: FlinkCause[];
}

// Wrappers that only say "something failed" around the real problem.
const WRAPPERS = new Set([
  'org.apache.flink.table.gateway.api.utils.SqlGatewayException',
  'org.apache.flink.table.gateway.service.utils.SqlExecutionException',
  'org.apache.flink.runtime.rest.handler.RestHandlerException',
  'org.apache.flink.util.FlinkException',
  'org.apache.flink.util.FlinkRuntimeException',
  'org.apache.flink.util.SerializedThrowable',
  'org.apache.flink.runtime.client.JobExecutionException',
  'org.apache.flink.runtime.client.JobSubmissionException',
  'org.apache.flink.table.api.TableException',
  'java.util.concurrent.CompletionException',
  'java.util.concurrent.ExecutionException',
  'java.lang.RuntimeException',
]);

const CAUSE_LINE = /^(?:Caused by: )?((?:[a-zA-Z_$][\w$]*\.)+[A-Z][\w$]*(?:Exception|Error|Throwable))(?::\s?(.*))?$/;

/** Parses the exception chain out of the `errors` strings of a Flink REST error response. */
export function parseFlinkErrors(errors: readonly string[]): FlinkErrorDetail {
  const causes: FlinkCause[] = [];
  for (const block of errors) {
    const lines = block.split('\n');
    for (let i = 0; i < lines.length; i++) {
      const line = (lines[i] ?? '').replace(/^<Exception on server side:\s*/, '').trimEnd();
      if (/^\s+at |^\s*\.\.\. \d+ more|^\s*$/.test(line)) continue;
      const m = CAUSE_LINE.exec(line.trim());
      if (!m) {
        // A message that spans several lines continues the previous cause.
        const last = causes[causes.length - 1];
        if (last && !line.startsWith('\t') && line.trim() !== '>' && !line.startsWith('End of exception on server side')) {
          const more = redactSql(line.trim());
          last.message = last.message ? `${last.message}\n${more}` : more;
        }
        continue;
      }
      causes.push({ className: m[1] ?? '', message: redactSql((m[2] ?? '').trim()) });
    }
  }
  const plain = errors.filter((e) => !e.includes('\n') && !e.startsWith('<Exception')).map((e) => e.trim());
  const meaningful = causes.find((c) => !WRAPPERS.has(c.className) && c.message !== '');
  const rootCause = causes[causes.length - 1];
  const message = meaningful
    ? `${shortName(meaningful.className)}: ${meaningful.message}`
    : rootCause
      ? `${shortName(rootCause.className)}: ${rootCause.message}`
      : plain.join('; ') || 'Flink returned an error without a message';
  return { message, rootCause, causes };
}

function shortName(className: string): string {
  return className.slice(className.lastIndexOf('.') + 1);
}

/** A statement that Flink rejected or that failed while running. */
export class FlinkStatementError extends FloeError {
  readonly flink: FlinkErrorDetail;
  /** The statement, with sensitive option values redacted. */
  readonly statement: string | undefined;

  constructor(detail: FlinkErrorDetail, rawStatement?: string) {
    const statement = rawStatement === undefined ? undefined : redactSql(rawStatement);
    const root = detail.rootCause && !detail.message.includes(detail.rootCause.message) ? ` (root cause: ${detail.rootCause.message})` : '';
    super('FLOE_FLINK_STATEMENT_FAILED', `${detail.message}${root}`, {
      hint: statement ? `Statement: ${statement.length > 300 ? `${statement.slice(0, 300)}…` : statement}` : undefined,
    });
    this.flink = detail;
    this.statement = statement;
  }
}
