import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Response, Request } from 'express';
import { DomainError, errorCodeInfo } from '@app/core';
import { localizeProblem, type Problem } from './problem-texts';

/** Maps every error to RFC 9457 problem details with a stable `code`, in one place. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemDetails');

  catch(error: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const req = host.switchToHttp().getRequest<Request>();
    const written = this.toProblem(error);
    if (written.status >= 500) this.logger.error(redactedError(error));
    // In the language the client asked for (the web app sends `?locale=` on every request); English by default.
    const locale = typeof req.query?.locale === 'string' ? req.query.locale : 'en';
    const problem = localizeProblem(written, locale, error instanceof DomainError ? error.params : {});
    // The request id (also in the X-Request-Id header) lets a user's report be matched to the log lines.
    const requestId = (req as { id?: unknown }).id;
    res
      .status(problem.status)
      .type('application/problem+json')
      .json({ ...problem, instance: req.originalUrl, ...(requestId ? { requestId: String(requestId) } : {}) });
  }

  private toProblem(error: unknown): Problem {
    if (error instanceof DomainError) {
      const info = errorCodeInfo(error.code);
      // Extras first: an error's details can never overwrite the problem's own members (status, code...).
      return {
        ...error.extra,
        type: `https://cmis.dev/problems/${error.code}`,
        title: info.title,
        status: info.status,
        code: error.code,
        detail: error.message,
      };
    }
    const bodyParser = error as { type?: string; status?: number };
    if (bodyParser?.type === 'entity.too.large') return this.simple('payload_too_large', 'The request body is larger than the server accepts.');
    if (bodyParser?.type === 'entity.parse.failed') return this.simple('validation_failed', 'The request body is not valid JSON.');
    if (error instanceof HttpException) {
      const status = error.getStatus();
      const code =
        status === 404
          ? 'not_found'
          : status === 413
            ? 'payload_too_large'
            : status === 401
              ? 'unauthenticated'
              : status === 403
                ? 'forbidden'
                : status < 500
                  ? 'validation_failed'
                  : 'internal_error';
      return { ...this.simple(code, error.message), status };
    }
    return this.simple('internal_error', 'Something went wrong on the server; the error was logged.');
  }

  private simple(code: string, detail: string) {
    const info = errorCodeInfo(code);
    return { type: `https://cmis.dev/problems/${code}`, title: info.title, status: info.status, code, detail };
  }
}

/**
 * What an unexpected error logs: its type, database error code and stack frames, but not its message,
 * which for database errors can quote a value (a name, an answer) from the failed statement.
 */
export function redactedError(error: unknown): string {
  if (!(error instanceof Error)) return 'non-Error thrown';
  const code = (error as { code?: unknown }).code;
  const frames = (error.stack ?? '')
    .split('\n')
    .filter((l) => l.trim().startsWith('at '))
    .slice(0, 12)
    .join('\n');
  return `${error.name}${typeof code === 'string' ? ` (code ${code})` : ''}: message withheld from the log\n${frames}`;
}
