import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';

export const REQUEST_ID_HEADER = 'X-Request-Id';

/** An incoming id is kept when it is short and plain (a proxy's or client's UUID or token), never echoed otherwise. */
const WELL_FORMED = /^[A-Za-z0-9._:-]{8,128}$/;

export function requestIdFrom(header: string | string[] | undefined): string {
  const given = Array.isArray(header) ? header[0] : header;
  return given && WELL_FORMED.test(given) ? given : randomUUID();
}

const context = new AsyncLocalStorage<{ reqId: string }>();

/** The id of the request being handled, for log lines written while handling it. */
export function currentRequestId(): string | undefined {
  return context.getStore()?.reqId;
}

type Req = IncomingMessage & { id?: string; originalUrl?: string };

/**
 * Express middleware: gives each request an id (X-Request-Id if well-formed, else a new UUID), returns
 * it in the response header, keeps it for the log lines written while handling the request, and
 * writes one line per finished request: method, path (without the query string, which can hold
 * search terms such as a child's name), status, time. Headers and bodies are never logged.
 */
export function requestLogging(logger: Logger) {
  const http = pinoHttp<Req, ServerResponse>({
    logger,
    genReqId: (req, res) => {
      const id = requestIdFrom(req.headers['x-request-id']);
      res.setHeader(REQUEST_ID_HEADER, id);
      return id;
    },
    customAttributeKeys: { reqId: 'reqId' },
    quietReqLogger: true,
    wrapSerializers: false,
    serializers: {
      req: (req: Req) => ({ method: req.method, path: (req.originalUrl ?? req.url ?? '').split('?')[0] }),
      res: (res: ServerResponse) => ({ statusCode: res.statusCode }),
      err: (err: Error) => ({ type: err?.name }),
    },
    customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
    customSuccessMessage: (req, res) => `${req.method} ${res.statusCode}`,
    customErrorMessage: (req, res) => `${req.method} ${res.statusCode}`,
  });
  return (req: Req, res: ServerResponse, next: () => void) => {
    http(req, res);
    context.run({ reqId: String(req.id) }, next);
  };
}
