import type { Diagnostic } from '../errors';

/** Options of {@link parseCsv}. */
export interface CsvOptions {
  /** One character that separates fields (a seed's `delimiter`, default `,`). */
  delimiter: string;
  /** One character that quotes a field (a seed's `quote`, default `"`). */
  quote: string;
  /** Project-relative path, for diagnostics. */
  file: string;
}

/** What {@link parseCsv} returns: every field as text (types are the reader's business). */
export interface CsvResult {
  /** The first record: column names. */
  header: string[];
  /** Every further record, in file order. */
  rows: string[][];
  /** Ragged rows and an empty header, each at its file:line:col; empty when the file is well formed. */
  diagnostics: Diagnostic[];
}

/**
 * A small RFC 4180 parser: quoted fields may hold delimiters, doubled quotes
 * and line breaks; CRLF and LF both end a record; a trailing newline adds no
 * row; a leading UTF-8 BOM is dropped. Ragged rows and an empty header are
 * reported at the row's line and the column where it broke.
 */
export function parseCsv(text: string, options: CsvOptions): CsvResult {
  const { delimiter, quote, file } = options;
  const diagnostics: Diagnostic[] = [];
  const records: { fields: string[]; line: number; fieldCols: number[] }[] = [];
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const d = delimiter.length === 1 ? delimiter : ',';
  const q = quote.length === 1 ? quote : '"';
  const n = src.length;
  let i = 0;
  let line = 1;
  let lineStart = 0;

  while (i < n) {
    const recLine = line;
    const fields: string[] = [];
    const fieldCols: number[] = [];
    for (;;) {
      fieldCols.push(i - lineStart + 1);
      let value = '';
      if (src[i] === q) {
        const openLine = line;
        const openCol = i - lineStart + 1;
        i++;
        let closed = false;
        let start = i;
        while (i < n) {
          const c = src[i];
          if (c === q) {
            if (src[i + 1] === q) {
              value += src.slice(start, i + 1);
              i += 2;
              start = i;
              continue;
            }
            value += src.slice(start, i);
            i++;
            closed = true;
            break;
          }
          if (c === '\n') {
            line++;
            lineStart = i + 1;
          }
          i++;
        }
        if (!closed) {
          diagnostics.push({ code: 'FLOE_SEED_INVALID', severity: 'error', message: 'a quoted field is never closed', hint: `Close the field with ${q}, or double a ${q} inside it.`, file, line: openLine, column: openCol });
          value += src.slice(start, i);
        } else if (i < n && src[i] !== d && src[i] !== '\n' && src[i] !== '\r') {
          diagnostics.push({ code: 'FLOE_SEED_INVALID', severity: 'error', message: `unexpected character after a quoted field`, hint: `Put the delimiter "${d}" right after the closing ${q}.`, file, line, column: i - lineStart + 1 });
          while (i < n && src[i] !== d && src[i] !== '\n' && src[i] !== '\r') value += src[i++];
        }
      } else {
        const start = i;
        while (i < n && src[i] !== d && src[i] !== '\n' && src[i] !== '\r') i++;
        value = src.slice(start, i);
      }
      fields.push(value);
      if (i < n && src[i] === d) {
        i++;
        continue;
      }
      break;
    }
    if (src[i] === '\r') i++;
    if (src[i] === '\n') i++;
    line++;
    lineStart = i;
    // A blank line is skipped (dbt/agate do the same), not a one-field row.
    if (fields.length === 1 && fields[0] === '' ) continue;
    records.push({ fields, line: recLine, fieldCols });
  }

  const first = records[0];
  if (!first) {
    diagnostics.push({ code: 'FLOE_SEED_INVALID', severity: 'error', message: 'the seed file is empty; it needs a header row', hint: 'Write a header line with the column names.', file, line: 1, column: 1 });
    return { header: [], rows: [], diagnostics };
  }
  const header = first.fields;
  header.forEach((h, idx) => {
    if (h.trim() === '') {
      diagnostics.push({ code: 'FLOE_SEED_INVALID', severity: 'error', message: `header column ${idx + 1} has no name`, hint: 'Give every column a name in the header row.', file, line: first.line, column: first.fieldCols[idx] ?? 1 });
    }
  });
  const rows: string[][] = [];
  for (let r = 1; r < records.length; r++) {
    const rec = records[r]!;
    if (rec.fields.length !== header.length) {
      const col = rec.fields.length > header.length ? rec.fieldCols[header.length]! : (rec.fieldCols[rec.fields.length - 1] ?? 1) + (rec.fields[rec.fields.length - 1]?.length ?? 0);
      diagnostics.push({
        code: 'FLOE_SEED_INVALID',
        severity: 'error',
        message: `row ${r + 1} has ${rec.fields.length} field${rec.fields.length === 1 ? '' : 's'}, header has ${header.length}`,
        hint: `Make every row have ${header.length} fields; quote values that contain "${d}".`,
        file,
        line: rec.line,
        column: col,
      });
    }
    rows.push(rec.fields);
  }
  return { header, rows, diagnostics };
}
