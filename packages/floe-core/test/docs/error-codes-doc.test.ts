import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ERROR_CODES } from '../../src/errors';

const DOC = join(__dirname, '../../../../docs/error-codes.md');

function render(): string {
  const rows = Object.entries(ERROR_CODES).map(([code, { exit, summary }]) => `| \`${code}\` | ${exit} | ${summary.replace(/\|/g, '\\|')} |`);
  return [
    '# Floe error codes',
    '',
    'Every problem Floe reports carries one of these stable codes. The CLI maps each code to an exit code:',
    '`1` a model, seed, snapshot or test failed; `2` the project, platform file or command line is invalid',
    '(nothing executed, nothing written); `3` a compute target could not be reached.',
    '',
    'This file is generated from `packages/floe-core/src/errors/error-codes.ts`',
    '(`FLOE_UPDATE_DOCS=1 npx jest test/docs` in packages/floe-core); a test fails when it is stale.',
    '',
    '| code | exit | meaning |',
    '| --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
}

test('docs/error-codes.md lists every error code', () => {
  const expected = render();
  if (process.env.FLOE_UPDATE_DOCS === '1') writeFileSync(DOC, expected);
  const actual = readFileSync(DOC, 'utf8');
  expect(actual).toBe(expected);
});
