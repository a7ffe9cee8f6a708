/**
 * The only way the web app talks to the server: the documented JSON API, with the signed-in user's
 * token. Errors are the API's problem details. Reads and version-checked writes are retried when the
 * connection drops; a POST is never repeated on its own, the user is told it was not saved.
 */
export interface FieldProblem {
  path: string;
  /** The field's name in the request's language (sent with `?locale=` other than English). */
  label?: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly errors: FieldProblem[] = [],
    readonly body: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/**
 * The connection failed. `read`: nothing could be loaded; `not_saved`: a version-checked write failed
 * after its retries; `unconfirmed`: a POST may or may not have reached the server (never repeated);
 * `too_long`: the device stayed offline longer than the pack allows and must sync before reading.
 */
export class OfflineError extends Error {
  constructor(readonly kind: 'read' | 'not_saved' | 'unconfirmed' | 'too_long') {
    super('offline');
  }
}

const TOKEN_KEY = 'cmis.token';
let token: string | null = sessionStorage.getItem(TOKEN_KEY);
let locale = 'en';
let onUnauthorised: () => void = () => {};

export function setToken(value: string | null): void {
  token = value;
  if (value) sessionStorage.setItem(TOKEN_KEY, value);
  else sessionStorage.removeItem(TOKEN_KEY);
}

export const hasToken = (): boolean => token !== null;
export const getToken = (): string | null => token;
export const setApiLocale = (value: string): void => {
  locale = value;
};
export const onSignedOut = (fn: () => void): void => {
  onUnauthorised = fn;
};
export const apiLocale = (): string => locale;

/**
 * The device's offline store, when offline work is set up and unlocked (offline/offline-api.ts):
 * `local` answers a request about a case registered on the device (the server does not know it yet),
 * `read` / `write` answer when the connection fails, `seen` keeps a successful GET's answer.
 */
export interface OfflineHooks {
  active(): boolean;
  local(method: string, path: string, body: unknown): Promise<{ answer: unknown } | null>;
  read(path: string): Promise<unknown>;
  write(method: string, path: string, body: unknown): Promise<unknown>;
  seen(method: string, path: string, answer: unknown): void;
  /** The session ended: `session_expired` (sign in again), or revoked / the user deactivated (`unauthenticated`). */
  unauthorised(code: string): void;
}
let offline: OfflineHooks | null = null;
export const setOfflineHooks = (hooks: OfflineHooks | null): void => {
  offline = hooks;
};

const RETRY_DELAYS_MS = [500, 1500, 4000];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface RequestOptions {
  ifMatch?: string | number;
  signal?: AbortSignal;
}

/** Calls the API; resolves with the JSON body (or null for 204), rejects with ApiError or OfflineError. */
export async function api<T = any>(method: string, path: string, body?: unknown, opts: RequestOptions = {}): Promise<T> {
  const device = offline?.active() ? offline : null;
  if (device) {
    const local = await device.local(method, path, body);
    if (local) return local.answer as T;
    // Known offline: answered by the device at once, not after the retries.
    if (navigator.onLine === false) return (await offlineAnswer(device, method, path, body, new OfflineError(method === 'GET' ? 'read' : 'not_saved'))) as T;
  }
  const url = path + (path.includes('?') ? '&' : '?') + `locale=${encodeURIComponent(locale)}`;
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (opts.ifMatch !== undefined) headers['If-Match'] = `"${opts.ifMatch}"`;
  // A GET changes nothing; a PUT with If-Match cannot apply twice (the second gets a version conflict).
  const retryable = method === 'GET' || (method === 'PUT' && opts.ifMatch !== undefined);
  let res: Response | null = null;
  for (let attempt = 0; ; attempt++) {
    try {
      res = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal: opts.signal });
      break;
    } catch (e) {
      if ((e as Error).name === 'AbortError') throw e;
      if (!retryable || attempt >= RETRY_DELAYS_MS.length || navigator.onLine === false) {
        const failed = new OfflineError(method === 'GET' ? 'read' : retryable ? 'not_saved' : 'unconfirmed');
        if (device) return (await offlineAnswer(device, method, path, body, failed)) as T;
        throw failed;
      }
      await sleep(RETRY_DELAYS_MS[attempt]);
    }
  }
  if (res.status === 204) return null as T;
  const text = await res.text();
  const json = text ? safeJson(text) : null;
  if (res.ok) {
    device?.seen(method, path, json);
    return json as T;
  }
  const problem = (json ?? {}) as Record<string, any>;
  if (res.status === 401 && token) {
    setToken(null);
    offline?.unauthorised(String(problem.code ?? 'unauthenticated'));
    onUnauthorised();
  }
  throw new ApiError(
    res.status,
    String(problem.code ?? 'error'),
    String(problem.detail ?? problem.title ?? res.statusText),
    Array.isArray(problem.errors) ? problem.errors : [],
    problem,
  );
}

/** A request the connection failed for, answered by the device when it can; else the connection's error. */
async function offlineAnswer(device: OfflineHooks, method: string, path: string, body: unknown, failed: OfflineError): Promise<unknown> {
  if (method === 'GET') return device.read(path);
  const answer = await device.write(method, path, body);
  if (answer === undefined) throw failed;
  return answer;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** The ETag of a case read, for If-Match on the next write. */
export async function getWithVersion<T = any>(path: string): Promise<{ body: T; version: number }> {
  const body = await api<T & { version: number }>('GET', path);
  return { body, version: body.version };
}
