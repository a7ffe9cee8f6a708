import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * Two-factor secrets at rest: AES-256-GCM with a key from the configuration (CMIS_SECRETS_KEY).
 * A sealed value reads `v1.<key id>.<iv>.<ciphertext+tag>` (base64url), so the key that sealed it is
 * found among the old keys after a rotation. The user's id is authenticated with it (AAD): a sealed
 * secret copied onto another user's row does not open. Values written before encryption existed are
 * plain base32 (no dots) and still open, reported as needing a reseal.
 */
const FORMAT = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
export const SECRETS_KEY_BYTES = 32;

/** Without a configured key outside production: a fixed, public key, so demos and tests run unconfigured. It protects nothing. */
const DEVELOPMENT_KEY = createHash('sha256').update('cmis development-only secrets key: not secret, never used in production').digest();

export interface SecretsKey {
  id: string;
  bytes: Buffer;
}

/** A key as configured: 64 hex digits or base64 of 32 bytes (`openssl rand -base64 32`); null when it is neither. */
export function parseSecretsKey(text: string): Buffer | null {
  const t = text.trim();
  if (/^[0-9a-f]{64}$/i.test(t)) return Buffer.from(t, 'hex');
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(t)) return null;
  const bytes = Buffer.from(t.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  return bytes.length === SECRETS_KEY_BYTES ? bytes : null;
}

/** A comma- or space-separated list of keys; null when one of them is not a key. */
export function parseSecretsKeyList(text: string): Buffer[] | null {
  const keys = text
    .split(/[\s,]+/)
    .filter(Boolean)
    .map(parseSecretsKey);
  return keys.every((k): k is Buffer => k !== null) ? keys : null;
}

/** Short, non-secret name of a key (what sealed values carry). */
export function secretsKeyId(bytes: Buffer): string {
  return createHash('sha256').update('cmis secrets key id\0').update(bytes).digest('hex').slice(0, 8);
}

export class SecretsKeyError extends Error {}

export interface OpenedSecret {
  /** The base32 secret. */
  secret: string;
  /** Stored in plain text or under an old key: seal it again with the current key. */
  needsReseal: boolean;
}

/** The current key (seals) and every key that may open (current first, then old ones). */
export class SecretsKeyring {
  private readonly byId: Map<string, Buffer>;

  constructor(
    readonly current: SecretsKey,
    old: Buffer[] = [],
    /** A value that is not sealed (plain base32 from before encryption) is still accepted. */
    private readonly acceptPlain = true,
  ) {
    this.byId = new Map([[current.id, current.bytes], ...old.map((b): [string, Buffer] => [secretsKeyId(b), b])]);
  }

  /**
   * From the configuration. Production needs a key (refused otherwise: the secrets would be protected
   * by a public key); elsewhere the development key stands in, and is always accepted for opening so a
   * demo that later gets a real key keeps its enrolments.
   */
  static fromConfig(c: { key?: string; oldKeys?: string; production: boolean }): SecretsKeyring {
    const old = c.oldKeys ? parseSecretsKeyList(c.oldKeys) : [];
    if (!old) throw new SecretsKeyError('CMIS_SECRETS_OLD_KEYS: one of the keys is not 64 hex digits or base64 of 32 bytes.');
    if (!c.key) {
      if (c.production) {
        throw new SecretsKeyError(
          'CMIS_SECRETS_KEY is not set: in production the two-factor secrets are encrypted with it. Generate one with `openssl rand -base64 32`, keep it with the database credentials (docs/configuration.md).',
        );
      }
      return new SecretsKeyring({ id: secretsKeyId(DEVELOPMENT_KEY), bytes: DEVELOPMENT_KEY }, old);
    }
    const bytes = parseSecretsKey(c.key);
    if (!bytes) throw new SecretsKeyError('CMIS_SECRETS_KEY is not 64 hex digits or base64 of 32 bytes.');
    return new SecretsKeyring({ id: secretsKeyId(bytes), bytes }, c.production ? old : [...old, DEVELOPMENT_KEY]);
  }

  seal(ownerId: string, secret: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.current.bytes, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(aad(ownerId));
    const body = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final(), cipher.getAuthTag()]);
    return [FORMAT, this.current.id, iv.toString('base64url'), body.toString('base64url')].join('.');
  }

  /** Throws SecretsKeyError when the value was sealed by an unknown key, for another owner, or altered. */
  open(ownerId: string, stored: string): OpenedSecret {
    if (!isSealed(stored)) {
      if (!this.acceptPlain) throw new SecretsKeyError('the stored secret is not encrypted');
      return { secret: stored, needsReseal: true };
    }
    const [, keyId, ivText, bodyText] = stored.split('.');
    const key = this.byId.get(keyId);
    if (!key) throw new SecretsKeyError(`the secret was encrypted with key ${keyId}, which is neither CMIS_SECRETS_KEY nor in CMIS_SECRETS_OLD_KEYS`);
    const body = Buffer.from(bodyText ?? '', 'base64url');
    const iv = Buffer.from(ivText ?? '', 'base64url');
    if (iv.length !== IV_BYTES || body.length <= TAG_BYTES) throw new SecretsKeyError('the stored secret is malformed');
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
      decipher.setAAD(aad(ownerId));
      decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
      const secret = Buffer.concat([decipher.update(body.subarray(0, body.length - TAG_BYTES)), decipher.final()]).toString('utf8');
      return { secret, needsReseal: keyId !== this.current.id };
    } catch {
      throw new SecretsKeyError('the stored secret does not open with its key (altered, or copied from another user)');
    }
  }
}

export function isSealed(stored: string): boolean {
  return stored.startsWith(`${FORMAT}.`) && stored.split('.').length === 4;
}

function aad(ownerId: string): Buffer {
  return Buffer.from(`cmis users.totp ${ownerId}`, 'utf8');
}
