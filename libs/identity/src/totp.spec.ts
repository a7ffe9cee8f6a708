import { base32Decode, base32Encode, hotp, otpauthUri, totp, totpStep, verifyTotp } from './totp';

describe('base32 (RFC 4648 test vectors)', () => {
  const vectors: Array<[string, string]> = [
    ['', ''],
    ['f', 'MY'],
    ['fo', 'MZXQ'],
    ['foo', 'MZXW6'],
    ['foob', 'MZXW6YQ'],
    ['fooba', 'MZXW6YTB'],
    ['foobar', 'MZXW6YTBOI'],
  ];
  it.each(vectors)('encodes %j as %s (no padding) and decodes it back', (plain, encoded) => {
    expect(base32Encode(Buffer.from(plain))).toBe(encoded);
    expect(base32Decode(encoded).toString()).toBe(plain);
  });

  it('decodes padded, lower-case and spaced input', () => {
    expect(base32Decode('mzxw6ytboi======').toString()).toBe('foobar');
    expect(base32Decode('MZXW 6YTB OI').toString()).toBe('foobar');
  });

  it('round-trips random bytes and refuses characters outside the alphabet', () => {
    for (let n = 0; n < 40; n++) {
      const bytes = Buffer.from(Array.from({ length: n }, (_, i) => (i * 37 + n * 11) & 255));
      expect(base32Decode(base32Encode(bytes))).toEqual(bytes);
    }
    expect(() => base32Decode('MZXW1')).toThrow(/base32/);
    expect(() => base32Decode('MZXW8')).toThrow(/base32/);
  });
});

describe('HOTP (RFC 4226 appendix D)', () => {
  const secret = Buffer.from('12345678901234567890');
  const expected = ['755224', '287082', '359152', '969429', '338314', '254676', '287922', '162583', '399871', '520489'];
  it.each(expected.map((code, counter) => [counter, code]))('counter %i → %s', (counter, code) => {
    expect(hotp(secret, counter)).toBe(code);
  });
});

describe('TOTP (RFC 6238 appendix B)', () => {
  const seeds = {
    sha1: Buffer.from('12345678901234567890'),
    sha256: Buffer.from('12345678901234567890123456789012'),
    sha512: Buffer.from('1234567890123456789012345678901234567890123456789012345678901234'),
  };
  const table: Array<[number, string, string, string]> = [
    [59, '94287082', '46119246', '90693936'],
    [1111111109, '07081804', '68084774', '25091201'],
    [1111111111, '14050471', '67062674', '99943326'],
    [1234567890, '89005924', '91819424', '93441116'],
    [2000000000, '69279037', '90698825', '38618901'],
    [20000000000, '65353130', '77737706', '47863826'],
  ];
  it.each(table)('T=%i: SHA1 %s, SHA256 %s, SHA512 %s', (seconds, sha1, sha256, sha512) => {
    const t = seconds * 1000;
    expect(totp(seeds.sha1, t, { digits: 8, algorithm: 'sha1' })).toBe(sha1);
    expect(totp(seeds.sha256, t, { digits: 8, algorithm: 'sha256' })).toBe(sha256);
    expect(totp(seeds.sha512, t, { digits: 8, algorithm: 'sha512' })).toBe(sha512);
  });

  it('defaults to 6 digits of the SHA1 code (the last six of the 8-digit vector)', () => {
    expect(totp(seeds.sha1, 59_000)).toBe('287082');
    expect(totp(seeds.sha1, 1111111109_000)).toBe('081804');
  });
});

describe('verifyTotp', () => {
  const secret = Buffer.from('12345678901234567890');
  const now = 1_234_567_890_000;
  const step = totpStep(now);

  it('accepts the current step and one step either side, and returns the matching step', () => {
    expect(verifyTotp(secret, totp(secret, now), now)).toBe(step);
    expect(verifyTotp(secret, totp(secret, now - 30_000), now)).toBe(step - 1);
    expect(verifyTotp(secret, totp(secret, now + 30_000), now)).toBe(step + 1);
  });

  it('refuses codes two steps away, wrong codes and malformed input', () => {
    expect(verifyTotp(secret, totp(secret, now - 60_000), now)).toBeNull();
    expect(verifyTotp(secret, totp(secret, now + 60_000), now)).toBeNull();
    const code = totp(secret, now);
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    expect(verifyTotp(secret, wrong, now)).toBeNull();
    for (const bad of ['', '12345', '1234567', 'abcdef', ` ${code}`]) expect(verifyTotp(secret, bad, now)).toBeNull();
  });

  it('builds the otpauth URI authenticator apps read', () => {
    expect(otpauthUri('ana.pop', 'JBSWY3DPEHPK3PXP')).toBe('otpauth://totp/CMIS:ana.pop?secret=JBSWY3DPEHPK3PXP&issuer=CMIS');
  });
});
