import { randomBytes } from 'node:crypto';
import { isSealed, parseSecretsKey, parseSecretsKeyList, SecretsKeyError, SecretsKeyring, secretsKeyId } from './totp-secret-box';

const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const USER = '6f1c2a4e-1f0b-4a53-9a55-2f3f7a1c0b11';
const OTHER = '0d5b7e8a-3c2d-4e6f-8a9b-1c2d3e4f5a6b';
const key = () => randomBytes(32);
const ring = (k: Buffer, old: Buffer[] = []) => new SecretsKeyring({ id: secretsKeyId(k), bytes: k }, old);

describe('two-factor secrets at rest', () => {
  it('seals to a value that holds neither the secret nor base32, and opens back to it', () => {
    const r = ring(key());
    const sealed = r.seal(USER, SECRET);
    expect(sealed).not.toContain(SECRET);
    expect(isSealed(sealed)).toBe(true);
    expect(/^[A-Z2-7]+$/.test(sealed)).toBe(false);
    expect(r.open(USER, sealed)).toEqual({ secret: SECRET, needsReseal: false });
    // A fresh IV each time: the same secret never seals to the same value.
    expect(r.seal(USER, SECRET)).not.toBe(sealed);
  });

  it('refuses a sealed value copied onto another user, altered, or sealed with an unknown key', () => {
    const r = ring(key());
    const sealed = r.seal(USER, SECRET);
    expect(() => r.open(OTHER, sealed)).toThrow(SecretsKeyError);
    const parts = sealed.split('.');
    const body = Buffer.from(parts[3], 'base64url');
    body[0] ^= 1;
    expect(() => r.open(USER, [...parts.slice(0, 3), body.toString('base64url')].join('.'))).toThrow(/does not open/);
    expect(() => ring(key()).open(USER, sealed)).toThrow(/neither CMIS_SECRETS_KEY nor in CMIS_SECRETS_OLD_KEYS/);
  });

  it('opens values under an old key and plain base32 from before encryption, asking for a reseal', () => {
    const old = key();
    const sealedOld = ring(old).seal(USER, SECRET);
    const rotated = ring(key(), [old]);
    expect(rotated.open(USER, sealedOld)).toEqual({ secret: SECRET, needsReseal: true });
    expect(rotated.open(USER, SECRET)).toEqual({ secret: SECRET, needsReseal: true });
    expect(rotated.open(USER, rotated.seal(USER, SECRET)).needsReseal).toBe(false);
  });

  it('reads keys as 64 hex digits or base64 of 32 bytes, and nothing else', () => {
    const k = key();
    expect(parseSecretsKey(k.toString('hex'))).toEqual(k);
    expect(parseSecretsKey(k.toString('base64'))).toEqual(k);
    expect(parseSecretsKey(k.toString('base64url'))).toEqual(k);
    expect(parseSecretsKey(randomBytes(16).toString('base64'))).toBeNull();
    expect(parseSecretsKey('correct horse battery staple')).toBeNull();
    expect(parseSecretsKeyList(`${k.toString('hex')}, ${k.toString('base64')}`)).toEqual([k, k]);
    expect(parseSecretsKeyList(`${k.toString('hex')},nope`)).toBeNull();
  });

  it('production without a key refuses, naming the variable; elsewhere a development key stands in and stays readable later', () => {
    expect(() => SecretsKeyring.fromConfig({ production: true })).toThrow(/CMIS_SECRETS_KEY is not set/);
    expect(() => SecretsKeyring.fromConfig({ production: true, key: 'short' })).toThrow(/CMIS_SECRETS_KEY is not 64 hex digits/);
    const dev = SecretsKeyring.fromConfig({ production: false });
    const sealedInDev = dev.seal(USER, SECRET);
    const configured = SecretsKeyring.fromConfig({ production: false, key: key().toString('base64') });
    expect(configured.current.id).not.toBe(dev.current.id);
    expect(configured.open(USER, sealedInDev)).toEqual({ secret: SECRET, needsReseal: true });
    // In production the public development key opens nothing.
    const prod = SecretsKeyring.fromConfig({ production: true, key: key().toString('hex') });
    expect(() => prod.open(USER, sealedInDev)).toThrow(SecretsKeyError);
  });
});
