export { createLogger, REDACT_PATHS, type Logger, type LoggerOptions, type DestinationStream } from './logger';
export { requestLogging, requestIdFrom, currentRequestId, REQUEST_ID_HEADER } from './request-logging';
export { PinoNestLogger } from './nest-logger';
