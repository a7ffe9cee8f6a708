import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * TOTP (RFC 6238) on HOTP (RFC 4226) with node:crypto only, plus RFC 4648 base32 for secrets.
 * Defaults are what authenticator apps expect: HMAC-SHA1, 30-second steps, 6 digits.
 */
export const TOTP_POLICY = {
  stepSeconds: 30,
  digits: 6,
  algorithm: 'sha1' as TotpAlgorithm,
  /** Codes of the previous and next step are accepted too (clock drift). */
  window: 1,
  secretBytes: 20,
  issuer: 'CMIS',
};

export type TotpAlgorithm = 'sha1' | 'sha256' | 'sha512';

const BASE32_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 base32, upper case, without padding (as authenticator apps expect). */
export function base32Encode(data: Uint8Array): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const byte of data) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32_ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  if (bits > 0) out += BASE32_ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

/** Decodes base32; case, spaces, hyphens and `=` padding are ignored. Throws on any other character. */
export function base32Decode(text: string): Buffer {
  const clean = text.replace(/[\s-]/g, '').replace(/=+$/, '').toUpperCase();
  const out: number[] = [];
  let bits = 0;
  let value = 0;
  for (const ch of clean) {
    const idx = BASE32_ALPHABET.indexOf(ch);
    if (idx < 0) throw new Error('not a base32 string');
    value = (value << 5) | idx;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
    value &= (1 << bits) - 1;
  }
  return Buffer.from(out);
}

export function isBase32(text: string): boolean {
  return /^[A-Z2-7]+=*$/i.test(text.replace(/[\s-]/g, ''));
}

/** HOTP (RFC 4226): dynamic truncation of HMAC(secret, counter) to `digits` decimal digits. */
export function hotp(secret: Uint8Array, counter: number | bigint, digits = TOTP_POLICY.digits, algorithm: TotpAlgorithm = TOTP_POLICY.algorithm): string {
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac(algorithm, secret).update(msg).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const binary = ((mac[offset] & 0x7f) << 24) | (mac[offset + 1] << 16) | (mac[offset + 2] << 8) | mac[offset + 3];
  return String(binary % 10 ** digits).padStart(digits, '0');
}

/** The time step (counter) of a moment. */
export function totpStep(timeMs: number, stepSeconds = TOTP_POLICY.stepSeconds): number {
  return Math.floor(timeMs / 1000 / stepSeconds);
}

export interface TotpOptions {
  stepSeconds?: number;
  digits?: number;
  algorithm?: TotpAlgorithm;
}

/** The TOTP code at `timeMs` (milliseconds since the epoch). */
export function totp(secret: Uint8Array, timeMs: number, opts: TotpOptions = {}): string {
  return hotp(secret, totpStep(timeMs, opts.stepSeconds), opts.digits, opts.algorithm);
}

/**
 * Checks `code` against the steps around `timeMs` (± window). Returns the matching step, so the
 * caller can refuse a step already used (replay protection), or null. Constant-time comparison.
 */
export function verifyTotp(secret: Uint8Array, code: string, timeMs: number, opts: TotpOptions & { window?: number } = {}): number | null {
  const digits = opts.digits ?? TOTP_POLICY.digits;
  if (!new RegExp(`^\\d{${digits}}$`).test(code)) return null;
  const window = opts.window ?? TOTP_POLICY.window;
  const now = totpStep(timeMs, opts.stepSeconds);
  let matched: number | null = null;
  // Check every step of the window (no early exit) so timing does not tell which one matched.
  for (let step = now - window; step <= now + window; step++) {
    if (step < 0) continue;
    const expected = Buffer.from(hotp(secret, step, digits, opts.algorithm));
    if (timingSafeEqual(expected, Buffer.from(code)) && matched === null) matched = step;
  }
  return matched;
}

export function newTotpSecret(): string {
  return base32Encode(randomBytes(TOTP_POLICY.secretBytes));
}

/** The provisioning URI authenticator apps read from a QR code. */
export function otpauthUri(username: string, secretBase32: string, issuer = TOTP_POLICY.issuer): string {
  return `otpauth://totp/${encodeURIComponent(issuer)}:${encodeURIComponent(username)}?secret=${secretBase32}&issuer=${encodeURIComponent(issuer)}`;
}
