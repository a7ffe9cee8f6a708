import { Logger } from '@nestjs/common';
import type { Logger as TypeOrmLogger } from 'typeorm';

/**
 * TypeORM's own loggers print a failing query's parameters, i.e. password hashes, TOTP secrets and
 * form answers. This one logs only failing and slow queries (as `logging: ['error']` did), without
 * parameters, and cuts PostgreSQL messages that quote the offending value
 * (`invalid input syntax for type uuid: "…"`).
 */
export class RedactingQueryLogger implements TypeOrmLogger {
  private readonly logger = new Logger('Database');

  constructor(private readonly enabled = true) {}

  logQuery(): void {}

  logQueryError(error: string | Error, query: string): void {
    if (!this.enabled) return;
    const e = error as { code?: string; message?: string };
    const message = redactValue(typeof error === 'string' ? error : (e.message ?? 'error'));
    this.logger.error(`query failed${e.code ? ` (${e.code})` : ''}: ${message} -- ${oneLine(query)} -- parameters not logged`);
  }

  logQuerySlow(time: number, query: string): void {
    if (this.enabled) this.logger.warn(`slow query (${time} ms): ${oneLine(query)} -- parameters not logged`);
  }

  logSchemaBuild(): void {}

  logMigration(): void {}

  log(): void {}
}

function oneLine(sql: string): string {
  const flat = sql.replace(/\s+/g, ' ').trim();
  return flat.length > 500 ? `${flat.slice(0, 500)}…` : flat;
}

/** `invalid input syntax for type json: "…"` → the value is cut. */
export function redactValue(message: string): string {
  return message.replace(/:\s*".*$/s, ': "<value not logged>"');
}
