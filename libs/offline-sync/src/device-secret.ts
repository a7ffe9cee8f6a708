import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** 256 random bits: guessing one is hopeless, so a fast hash is enough to keep it out of the database. */
export function newDeviceSecret(): string {
  return randomBytes(32).toString('base64url');
}

export function hashDeviceSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Compared in constant time; a hash of the wrong length or none (an unknown device) compares too, and fails. */
export function deviceSecretMatches(secret: string, storedHash: string | null): boolean {
  const given = Buffer.from(hashDeviceSecret(secret), 'hex');
  const stored = storedHash && /^[0-9a-f]{64}$/.test(storedHash) ? Buffer.from(storedHash, 'hex') : Buffer.alloc(given.length);
  return timingSafeEqual(given, stored) && storedHash !== null;
}

const DEVICE_AUTHORIZATION = /^Device ([0-9a-f-]{36}):([A-Za-z0-9_-]{16,128})$/i;

/** `Authorization: Device <deviceId>:<secret>`, or null when the header is missing or not of that form. */
export function parseDeviceAuthorization(header: string | undefined): { deviceId: string; secret: string } | null {
  const m = header ? DEVICE_AUTHORIZATION.exec(header.trim()) : null;
  return m ? { deviceId: m[1].toLowerCase(), secret: m[2] } : null;
}
