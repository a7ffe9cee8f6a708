import { Writable } from 'node:stream';
import { Logger } from '@nestjs/common';
import { createLogger } from './logger';
import { PinoNestLogger } from './nest-logger';
import { requestIdFrom } from './request-logging';

function capture(level = 'info') {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  return { lines, logger: createLogger({ level, destination: destination as never }), json: () => lines.map((l) => JSON.parse(l)) };
}

describe('createLogger', () => {
  it('writes JSON lines and redacts credentials and personal data wherever they sit', () => {
    const { logger, lines, json } = capture();
    logger.info(
      {
        password: 'P-1',
        user: { token: 'T-1', name: 'ok' },
        req: { headers: { authorization: 'Bearer A-1', cookie: 'C-1', 'set-cookie': 'S-1' }, body: { totp: '123456' } },
        answers: { name: 'Ion' },
      },
      'hello',
    );
    expect(lines).toHaveLength(1);
    const [line] = json();
    expect(line).toMatchObject({ level: 'info', msg: 'hello', password: '[redacted]', answers: '[redacted]', user: { token: '[redacted]', name: 'ok' } });
    expect(line.req.headers).toEqual({ authorization: '[redacted]', cookie: '[redacted]', 'set-cookie': '[redacted]' });
    expect(line.req.body).toBe('[redacted]');
    expect(lines[0]).not.toMatch(/P-1|T-1|A-1|C-1|S-1|123456|Ion/);
  });

  it('honours the level', () => {
    const { logger, lines } = capture('warn');
    logger.info('quiet');
    logger.warn('loud');
    expect(lines.map((l) => JSON.parse(l).msg)).toEqual(['loud']);
  });
});

describe('PinoNestLogger', () => {
  it('writes Nest log calls with their context; start-up chatter is debug', () => {
    const { logger, json } = capture('info');
    const nest = new PinoNestLogger(logger);
    nest.log('published', 'Startup');
    nest.error('failed', 'Error: x\n    at f (a.ts:1:1)', 'ProblemDetails');
    nest.error('plain', undefined, 'Database');
    nest.log('Mapped {/api, GET} route', 'RouterExplorer');
    expect(json().map(({ level, msg, context, stack }) => ({ level, msg, context, stack }))).toEqual([
      { level: 'info', msg: 'published', context: 'Startup', stack: undefined },
      { level: 'error', msg: 'failed', context: 'ProblemDetails', stack: 'Error: x\n    at f (a.ts:1:1)' },
      { level: 'error', msg: 'plain', context: 'Database', stack: undefined },
    ]);
  });

  it('serves as the logger behind Nest Logger instances', () => {
    const { logger, json } = capture('info');
    Logger.overrideLogger(new PinoNestLogger(logger));
    try {
      new Logger('Scheduler').log('scheduler running');
      new Logger('Database').warn('DATABASE_OWNER_URL is not set');
    } finally {
      Logger.overrideLogger(['error']);
    }
    expect(json().map((l) => [l.level, l.context, l.msg])).toEqual([
      ['info', 'Scheduler', 'scheduler running'],
      ['warn', 'Database', 'DATABASE_OWNER_URL is not set'],
    ]);
  });
});

describe('requestIdFrom', () => {
  it('keeps a well-formed incoming id, else makes a UUID', () => {
    expect(requestIdFrom('3f1c2a9e-0d4b-4c6e-9a7f-1b2c3d4e5f60')).toBe('3f1c2a9e-0d4b-4c6e-9a7f-1b2c3d4e5f60');
    expect(requestIdFrom(['lb-1234567890', 'other'])).toBe('lb-1234567890');
    for (const bad of [undefined, '', 'short', 'has space in it', 'x'.repeat(129), 'inject\r\nSet-Cookie: a=b', '<script>alert(1)</script>']) {
      expect(requestIdFrom(bad)).toMatch(/^[0-9a-f-]{36}$/);
    }
  });
});
