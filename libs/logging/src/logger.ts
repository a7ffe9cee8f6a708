import pino, { type DestinationStream, type Logger } from 'pino';

/**
 * Keys never written to a log, wherever they appear in a logged object (two levels deep): credentials,
 * tokens, and personal data (answers, names, notes). Request bodies are never logged at all; this is
 * the second line of defence for objects a developer passes to the logger.
 */
const SECRET_KEYS = [
  'authorization',
  'cookie',
  'set-cookie',
  'password',
  'newPassword',
  'currentPassword',
  'passwordHash',
  'totp',
  'totpSecret',
  'secret',
  'token',
  'refreshToken',
  'accessToken',
  'answers',
  'body',
  'x-api-key',
];
export const REDACT_PATHS = [...SECRET_KEYS.map((k) => `["${k}"]`), ...SECRET_KEYS.map((k) => `*["${k}"]`), ...SECRET_KEYS.map((k) => `*.*["${k}"]`)];

export interface LoggerOptions {
  /** CMIS_LOG_LEVEL. */
  level: string;
  /** Where JSON lines go; default stdout. Tests pass a stream to read them. */
  destination?: DestinationStream;
}

/** The process's root logger: JSON lines (one object per event), secrets and personal data redacted. */
export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      level: options.level,
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    },
    options.destination ?? pino.destination({ fd: 1, sync: false }),
  );
}

export type { Logger, DestinationStream };
