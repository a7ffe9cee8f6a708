/** Lockout and sessions. */
export const AUTH_POLICY = {
  /** Consecutive failures (wrong password or wrong two-factor code) that lock the account… */
  maxFailedLogins: 5,
  /** …for this long. */
  lockMinutes: 15,
  /** Absolute session lifetime. */
  sessionHours: 12,
  /** A session unused this long expires. */
  idleMinutes: 60,
  /** `last_seen_at` is written at most this often per session (limits writes). */
  touchIntervalSeconds: 60,
};

/**
 * Sign-in rate limits, counted in PostgreSQL over a sliding window so that every API replica sees
 * the same numbers. When the window already holds the maximum number of failures for the client IP
 * or for the username, the next attempt is refused (429 `too_many_attempts`, `Retry-After`) without
 * checking the password.
 */
export const SIGN_IN_RATE_LIMITS = {
  windowMinutes: 10,
  maxFailuresPerIp: 20,
  maxFailuresPerUsername: 10,
  /** Attempts older than this are deleted. */
  retentionHours: 24,
};

/** True when any of the user's roles requires two-factor authentication (`requiresTwoFactor` in roles.json). */
export function rolesRequireTwoFactor(roleDefs: ReadonlyArray<{ id: string; requiresTwoFactor?: boolean }>, userRoles: readonly string[]): boolean {
  return roleDefs.some((r) => r.requiresTwoFactor === true && userRoles.includes(r.id));
}
