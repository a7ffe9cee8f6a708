import type { DataValueSet } from './data-value-sets';

/** DHIS2's import summary, as read from its answer. */
export interface ImportSummary {
  /** SUCCESS, WARNING or ERROR (DHIS2's ImportStatus). */
  status: string;
  importCount: { imported: number; updated: number; ignored: number; deleted: number };
  conflicts: Array<{ object: string; value: string }>;
}

export interface Dhis2Answer {
  /** DHIS2 took the values (status SUCCESS or WARNING). */
  ok: boolean;
  httpStatus: number | null;
  attempts: number;
  summary: ImportSummary | null;
  /** Why it failed, in words (network error, HTTP status, DHIS2's message). */
  reason: string | null;
}

export interface Dhis2Server {
  url: string;
  auth: { token: string } | { username: string; password: string };
}

/** Waits between attempts after a network error or a 5xx answer. */
export const RETRY_DELAYS_MS = [500, 2_000, 8_000];
const TIMEOUT_MS = 30_000;

const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

/**
 * DHIS2 ≥ 2.38 wraps the summary in a web message (`{ status, httpStatusCode, response: { responseType: "ImportSummary", ... } }`);
 * older versions answer the summary itself. Both are read.
 */
export function readImportSummary(body: unknown): ImportSummary | null {
  if (!body || typeof body !== 'object') return null;
  const b = body as Record<string, any>;
  const s = b.response && typeof b.response === 'object' && b.response.importCount ? b.response : b.importCount ? b : null;
  if (!s) return null;
  return {
    status: typeof s.status === 'string' ? s.status : 'SUCCESS',
    importCount: {
      imported: num(s.importCount.imported),
      updated: num(s.importCount.updated),
      ignored: num(s.importCount.ignored),
      deleted: num(s.importCount.deleted),
    },
    conflicts: Array.isArray(s.conflicts) ? s.conflicts.map((c: any) => ({ object: String(c?.object ?? ''), value: String(c?.value ?? '') })) : [],
  };
}

function authorization(server: Dhis2Server): string {
  return 'token' in server.auth
    ? `ApiToken ${server.auth.token}`
    : `Basic ${Buffer.from(`${server.auth.username}:${server.auth.password}`).toString('base64')}`;
}

/** POST <url>/api/dataValueSets (JSON); retried with back-off after network errors and 5xx answers, never after 4xx. */
export async function postDataValueSet(
  server: Dhis2Server,
  payload: DataValueSet,
  opts: { dryRun?: boolean; delays?: readonly number[]; sleep?: (ms: number) => Promise<void> } = {},
): Promise<Dhis2Answer> {
  const delays = opts.delays ?? RETRY_DELAYS_MS;
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const target = `${server.url.replace(/\/+$/, '')}/api/dataValueSets?importStrategy=CREATE_AND_UPDATE${opts.dryRun ? '&dryRun=true' : ''}`;
  let reason = '';
  let httpStatus: number | null = null;
  for (let attempt = 1; ; attempt++) {
    try {
      const res = await fetch(target, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', authorization: authorization(server) },
        body: JSON.stringify(payload),
        signal: AbortSignal.timeout(TIMEOUT_MS),
        redirect: 'error',
      });
      httpStatus = res.status;
      const text = await res.text();
      let body: unknown = null;
      try {
        body = text ? JSON.parse(text) : null;
      } catch {
        body = null;
      }
      const summary = readImportSummary(body);
      if (res.status < 500) {
        const ok = res.ok && !!summary && summary.status !== 'ERROR';
        const message = (body as any)?.message ?? (body as any)?.description;
        return {
          ok,
          httpStatus,
          attempts: attempt,
          summary,
          reason: ok
            ? null
            : res.status === 401 || res.status === 403
              ? `DHIS2 refused the credentials (HTTP ${res.status})`
              : `DHIS2 answered HTTP ${res.status}${summary ? ` with status ${summary.status}` : ''}${message ? `: ${String(message).slice(0, 300)}` : ''}`,
        };
      }
      reason = `DHIS2 answered HTTP ${res.status}`;
    } catch (e: any) {
      httpStatus = null;
      reason = `DHIS2 could not be reached: ${e?.cause?.code ?? e?.name ?? 'error'} ${e?.message ?? ''}`.trim();
    }
    if (attempt > delays.length) return { ok: false, httpStatus, attempts: attempt, summary: null, reason };
    await sleep(delays[attempt - 1]);
  }
}
