import type { LoggerService } from '@nestjs/common';
import type { Logger } from 'pino';
import { currentRequestId } from './request-logging';

/** Nest's start-up chatter (one line per module and route) is debug, not info. */
const CHATTY = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestFactory', 'NestApplication']);

/**
 * Nest's logger interface over pino: every `new Logger('Context').warn(...)` becomes one JSON line
 * with its context and, inside a request, the request id.
 */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly pino: Logger) {}

  log(message: unknown, ...rest: unknown[]): void {
    this.write('info', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.write('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.write('trace', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]): void {
    this.write('fatal', message, rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    // Nest calls error(message, stack?, context?).
    const context = rest.length > 1 || (rest.length === 1 && !looksLikeStack(rest[0])) ? rest.pop() : undefined;
    const stack = typeof rest[0] === 'string' ? rest[0] : undefined;
    this.emit('error', message, typeof context === 'string' ? context : undefined, stack ? { stack } : {});
  }

  private write(level: 'info' | 'warn' | 'debug' | 'trace' | 'fatal', message: unknown, rest: unknown[]): void {
    const context = typeof rest[rest.length - 1] === 'string' ? (rest.pop() as string) : undefined;
    this.emit(level === 'info' && context && CHATTY.has(context) ? 'debug' : level, message, context, {});
  }

  private emit(level: 'info' | 'warn' | 'debug' | 'trace' | 'fatal' | 'error', message: unknown, context: string | undefined, extra: object): void {
    if (!this.pino.isLevelEnabled(level)) return;
    const fields = { ...extra, ...(context ? { context } : {}), ...(currentRequestId() ? { reqId: currentRequestId() } : {}) };
    if (message instanceof Error) this.pino[level]({ ...fields, err: message }, message.message);
    else if (typeof message === 'string') this.pino[level](fields, message);
    else this.pino[level]({ ...fields, data: message });
  }
}

function looksLikeStack(v: unknown): boolean {
  return typeof v === 'string' && /\n\s+at /.test(v);
}
