import { DomainError } from '@app/core';
import { COMMON_PASSWORDS } from './common-passwords';
import { assertStrongPassword, checkPassword } from './password-policy';

const codes = (password: string, username?: string) => checkPassword(password, { username }).map((p) => p.code);

describe('password policy', () => {
  it('accepts the demo password and long passphrases', () => {
    expect(codes('demo-only-Passw0rd!', 'admin')).toEqual([]);
    expect(codes('violet kettle under the bridge', 'caseworker')).toEqual([]);
    expect(codes('x'.repeat(60) + 'abcd')).toEqual([]);
  });

  it('enforces 12 to 128 characters (counting characters, not bytes)', () => {
    expect(codes('Tr0ub4dor&3')).toContain('too_short');
    expect(codes('Tr0ub4dor&3x')).toEqual([]);
    expect(codes('ăîșțâăîșțâăî')).toEqual([]);
    expect(codes('ăîșțâăîșțâă')).toContain('too_short');
    expect(codes('abcde'.repeat(25) + 'xyz')).toEqual([]);
    expect(codes('abcde'.repeat(25) + 'wxyz')).toContain('too_long');
  });

  it('refuses a password containing the username, case-insensitively', () => {
    expect(codes('my-Caseworker-pass-99', 'caseworker')).toContain('contains_username');
    expect(codes('my-c4sew0rker-pass-99', 'caseworker')).toContain('contains_username');
    expect(codes('my-caseworker-pass-99', 'elena')).toEqual([]);
  });

  it('refuses common and breached passwords, also with digits or symbols added or letters substituted', () => {
    expect(COMMON_PASSWORDS.length).toBeGreaterThanOrEqual(300);
    for (const p of [
      'passwordpassword',
      'PasswordPassword',
      'Password1234!',
      'P@ssw0rd2026!!',
      '123456789012',
      'qwertyuiop123',
      '!!Welcome2026!!',
      'Moldova2026!',
      'parola123456',
    ]) {
      expect({ p, codes: codes(p) }).toEqual({ p, codes: expect.arrayContaining(['common']) });
    }
  });

  it('refuses passwords of very few distinct characters', () => {
    expect(codes('aaaaaaaaaaaaaaa')).toContain('repetitive');
    expect(codes('abababababababab')).toContain('repetitive');
  });

  it('lists every reason in one password_too_weak error without echoing the password', () => {
    let error: DomainError | undefined;
    try {
      assertStrongPassword('admin1', { username: 'admin' }, '/newPassword');
    } catch (e) {
      error = e as DomainError;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect(error!.code).toBe('password_too_weak');
    expect(error!.extra.reasons).toEqual(expect.arrayContaining(['too_short', 'contains_username', 'common']));
    expect(error!.extra.errors!.every((e) => e.path === '/newPassword')).toBe(true);
    expect(error!.message).not.toContain('admin1');
    expect(() => assertStrongPassword('demo-only-Passw0rd!', { username: 'admin' })).not.toThrow();
  });
});
