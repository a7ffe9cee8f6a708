import { DomainError } from '@app/core';
import { COMMON_PASSWORDS } from './common-passwords';
import { IdentityErrorCode } from './identity.errors';

/** What a new password must satisfy (NIST SP 800-63B style: length and a blocklist, no composition rules). */
export const PASSWORD_POLICY = {
  minLength: 12,
  maxLength: 128,
  /** Fewer distinct characters than this (e.g. `aaaaaaaaaaaa`, `abababababab`) is refused. */
  minDistinctCharacters: 5,
  /** Usernames shorter than this are not searched for inside the password. */
  minUsernameLengthToCheck: 3,
};

export type PasswordProblemCode = 'too_short' | 'too_long' | 'contains_username' | 'common' | 'repetitive';

export interface PasswordProblem {
  code: PasswordProblemCode;
  message: string;
}

const COMMON = new Set(COMMON_PASSWORDS.map((p) => p.toLowerCase()));
const LEET: Record<string, string> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '@': 'a', $: 's', '!': 'i', '|': 'l', '+': 't' };

const stripEnds = (s: string) => s.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '');
const deleet = (s: string) => s.replace(/[013457@$!|+]/g, (c) => LEET[c]);

/** The forms of a password compared with the blocklist: `P@ssw0rd2024!` → `password`. */
function blocklistCandidates(password: string): string[] {
  const lower = password.toLowerCase();
  const compact = lower.replace(/\s+/g, '');
  const core = stripEnds(compact);
  const out = new Set([lower, compact, deleet(compact)]);
  if (core.length >= 4) {
    out.add(core);
    out.add(deleet(core));
  }
  const deleetedCore = stripEnds(deleet(compact));
  if (deleetedCore.length >= 4) out.add(deleetedCore);
  return [...out];
}

/** Every reason the password is refused; empty when it is acceptable. Pure. */
export function checkPassword(password: string, context: { username?: string } = {}): PasswordProblem[] {
  const problems: PasswordProblem[] = [];
  const length = [...password].length;
  if (length < PASSWORD_POLICY.minLength) {
    problems.push({ code: 'too_short', message: `must be at least ${PASSWORD_POLICY.minLength} characters long` });
  }
  if (length > PASSWORD_POLICY.maxLength) {
    problems.push({ code: 'too_long', message: `must be at most ${PASSWORD_POLICY.maxLength} characters long` });
  }
  const username = context.username?.trim().toLowerCase();
  if (username && username.length >= PASSWORD_POLICY.minUsernameLengthToCheck) {
    const lower = password.toLowerCase();
    if (lower.includes(username) || deleet(lower).includes(username)) {
      problems.push({ code: 'contains_username', message: 'must not contain the username' });
    }
  }
  if (blocklistCandidates(password).some((c) => COMMON.has(c))) {
    problems.push({ code: 'common', message: 'is a common or breached password (or one with only digits or symbols added)' });
  }
  if (new Set(password).size < PASSWORD_POLICY.minDistinctCharacters) {
    problems.push({ code: 'repetitive', message: `must use at least ${PASSWORD_POLICY.minDistinctCharacters} different characters` });
  }
  return problems;
}

/** The number each reason names, for its message in other languages. */
const LIMITS: Partial<Record<PasswordProblemCode, number>> = {
  too_short: PASSWORD_POLICY.minLength,
  too_long: PASSWORD_POLICY.maxLength,
  repetitive: PASSWORD_POLICY.minDistinctCharacters,
};

/** Throws `password_too_weak` (422) listing every reason, with `field` as the error path. */
export function assertStrongPassword(password: string, context: { username?: string } = {}, field = '/password'): void {
  const problems = checkPassword(password, context);
  if (problems.length === 0) return;
  throw new DomainError(IdentityErrorCode.PasswordTooWeak, `The password is too weak: it ${problems.map((p) => p.message).join('; it ')}.`, {
    reasons: problems.map((p) => p.code),
    errors: problems.map((p) => ({ path: field, message: p.message, keyword: p.code, ...(LIMITS[p.code] ? { params: { limit: LIMITS[p.code]! } } : {}) })),
  });
}
