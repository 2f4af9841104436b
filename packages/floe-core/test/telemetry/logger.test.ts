import { Writable } from 'node:stream';
import { createLogger } from '../../src/telemetry/logger';

describe('createLogger', () => {
  test('writes pino JSON lines with secret values redacted', () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk, _enc, cb) {
        lines.push(String(chunk));
        cb();
      },
    });
    const log = createLogger({ destination });
    log.info({ config: { password: 'hunter2', user: 'ana' } }, 'connecting');
    expect(lines).toHaveLength(1);
    const line = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(line).toMatchObject({ app: 'floe', msg: 'connecting', config: { password: '[REDACTED]', user: 'ana' } });
    expect(lines[0]).not.toContain('hunter2');
  });
});
