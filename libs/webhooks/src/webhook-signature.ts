import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** A new signing secret: 32 random bytes, shown once as `whsec_<base64url>`. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

/** Hex HMAC-SHA256 of `<timestamp>.<body>`: the timestamp is signed so an old request cannot be replayed as new. */
export function signPayload(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

/** The X-CMIS-Signature header: one `sha256=<hex>` per secret in use (two during a rotation), comma-separated. */
export function signatureHeader(secrets: string[], timestamp: number, body: string): string {
  return secrets.map((s) => `sha256=${signPayload(s, timestamp, body)}`).join(',');
}

/** What a receiver does (docs/webhooks.md): does any signature of the header match this secret? */
export function verifySignature(secret: string, header: string, timestamp: number, body: string): boolean {
  const expected = Buffer.from(signPayload(secret, timestamp, body), 'hex');
  return header.split(',').some((part) => {
    const m = /^\s*sha256=([0-9a-f]{64})\s*$/.exec(part);
    return m !== null && timingSafeEqual(Buffer.from(m[1], 'hex'), expected);
  });
}
