/**
 * Where a webhook may point. http and https only; in production https, except to this machine
 * (a receiver beside the API, e.g. a local relay), because payloads carry children's case data.
 * Returns the reason a URL is refused, or null when it is accepted.
 */
export function refusedWebhookUrl(text: string, production: boolean): string | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'not a URL';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'only http and https URLs are accepted';
  if (url.username || url.password) return 'credentials in the URL are not accepted (the signature authenticates the sender)';
  if (production && url.protocol === 'http:' && !LOCAL_HOSTS.has(url.hostname))
    return 'in production a webhook URL must use https (plain http only to localhost)';
  return null;
}

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Retry delay before attempt `attempts + 1`: doubled each time from `baseMs`, capped, with up to a quarter less at random (jitter). */
export function webhookRetryDelay(attempts: number, o: { baseMs: number; maxMs: number }, random: () => number = Math.random): number {
  const full = Math.min(o.baseMs * 2 ** Math.max(attempts - 1, 0), o.maxMs);
  return Math.round(full * (1 - 0.25 * random()));
}
