import { deviceSecretMatches, hashDeviceSecret, newDeviceSecret, parseDeviceAuthorization } from './device-secret';

describe('device secrets (the one credential that may hand over a queue once the session is gone)', () => {
  it('are random, and only their hash is kept: the right secret matches it, another does not', () => {
    const secret = newDeviceSecret();
    expect(secret).not.toBe(newDeviceSecret());
    const hash = hashDeviceSecret(secret);
    expect(hash).not.toContain(secret);
    expect(deviceSecretMatches(secret, hash)).toBe(true);
    expect(deviceSecretMatches(newDeviceSecret(), hash)).toBe(false);
  });

  it('never match an unknown device or a malformed stored hash', () => {
    const secret = newDeviceSecret();
    expect(deviceSecretMatches(secret, null)).toBe(false);
    expect(deviceSecretMatches(secret, 'not-a-hash')).toBe(false);
    // The all-zero stand-in of an unknown device cannot be met by chance either.
    expect(deviceSecretMatches(secret, '0'.repeat(64))).toBe(false);
  });

  it('are read from "Authorization: Device <deviceId>:<secret>" and nothing else', () => {
    const id = '0b5a1f2e-3c4d-4e5f-8a9b-0c1d2e3f4a5b';
    expect(parseDeviceAuthorization(`Device ${id}:abcdefghijklmnop_-12`)).toEqual({ deviceId: id, secret: 'abcdefghijklmnop_-12' });
    expect(parseDeviceAuthorization(`Bearer ${id}:abcdefghijklmnop`)).toBeNull();
    expect(parseDeviceAuthorization(`Device ${id}`)).toBeNull();
    expect(parseDeviceAuthorization(`Device not-a-uuid:abcdefghijklmnop`)).toBeNull();
    expect(parseDeviceAuthorization(undefined)).toBeNull();
  });
});
