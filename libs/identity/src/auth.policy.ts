/** Sessions. (There is no account lock-out: see SIGN_IN_RATE_LIMITS.) */
export const AUTH_POLICY = {
  /** Absolute session lifetime. */
  sessionHours: 12,
  /** A session unused this long expires. */
  idleMinutes: 60,
  /** `last_seen_at` is written at most this often per session (limits writes). */
  touchIntervalSeconds: 60,
};

/**
 * Sign-in throttling, counted in PostgreSQL so that every API replica sees the same numbers. There
 * is no account lock-out: anyone who knows a username could otherwise lock its owner out at will.
 * Failures are throttled where they come from instead:
 * - per client (username and IP): a few free failures, then exponential back-off between attempts;
 * - per IP: at most `maxFailuresPerIp` failures in the window, whatever the usernames;
 * - per username, from all IPs together (distributed guessing): past `maxFailuresPerUsername` failures
 *   in the window, one password check per `usernameSpacingSeconds`. Known sources are exempt: an IP
 *   from which this username signed in successfully within `knownSourceDays` is judged by its own
 *   per-client back-off (and the per-IP limit) only. Otherwise an attacker rotating a few addresses
 *   could take every check the moment it opens and keep the owner out for as long as they like; an
 *   attacker still has to guess from an address the owner used, which the per-client back-off slows.
 * A refused attempt (429 `too_many_attempts`, `Retry-After`) checks no password and counts no failure.
 * Unknown and known usernames are throttled alike, so throttling reveals nothing either: an unknown
 * username has no known sources, as a known one has none from a new address.
 */
export const SIGN_IN_RATE_LIMITS = {
  windowMinutes: 10,
  maxFailuresPerIp: 20,
  /** Failures of one client (username + IP) before back-off starts… */
  freeFailuresPerClient: 3,
  /** …then the wait after its latest failure: base × 2^(failures − free), at most max. */
  backoffBaseSeconds: 2,
  backoffMaxSeconds: 15 * 60,
  /** A client's failures older than this no longer count; a successful sign-in clears them. */
  clientMemoryMinutes: 60,
  maxFailuresPerUsername: 10,
  usernameSpacingSeconds: 30,
  /** An IP stays a known source of a username this long after its latest successful sign-in from there. */
  knownSourceDays: 30,
  /** Attempts older than this are deleted. */
  retentionHours: 24,
};

/** Recent failures as counted by the attempts repository. */
export interface RecentFailures {
  /** Failures from the IP in the window, and the `maxFailuresPerIp`-th most recent of them. */
  ip: { count: number; nth: Date | null };
  /** Failures of this username from this IP within `clientMemoryMinutes`, and the latest. */
  client: { count: number; last: Date | null };
  /** Failures of this username from any IP in the window, and the latest. */
  username: { count: number; last: Date | null };
  /** This username signed in successfully from this IP within `knownSourceDays`: the per-username limit does not apply. */
  knownSource: boolean;
}

/** Seconds until the next attempt may be checked, or null when it may be checked now. */
export function signInRetryAfter(now: Date, f: RecentFailures, L = SIGN_IN_RATE_LIMITS): number | null {
  const windowMs = L.windowMinutes * 60_000;
  const until: number[] = [];
  // Per IP: until the oldest failure that keeps the count at the maximum leaves the window.
  if (f.ip.count >= L.maxFailuresPerIp && f.ip.nth) until.push(f.ip.nth.getTime() + windowMs);
  if (f.client.count >= L.freeFailuresPerClient && f.client.last) {
    const wait = Math.min(L.backoffMaxSeconds, L.backoffBaseSeconds * 2 ** (f.client.count - L.freeFailuresPerClient));
    until.push(f.client.last.getTime() + wait * 1000);
  }
  if (!f.knownSource && f.username.count >= L.maxFailuresPerUsername && f.username.last)
    until.push(f.username.last.getTime() + L.usernameSpacingSeconds * 1000);
  const latest = Math.max(...until, -Infinity);
  if (latest <= now.getTime()) return null;
  return Math.max(1, Math.ceil((latest - now.getTime()) / 1000));
}

/** True when any of the user's roles requires two-factor authentication (`requiresTwoFactor` in roles.json). */
export function rolesRequireTwoFactor(roleDefs: ReadonlyArray<{ id: string; requiresTwoFactor?: boolean }>, userRoles: readonly string[]): boolean {
  return roleDefs.some((r) => r.requiresTwoFactor === true && userRoles.includes(r.id));
}
