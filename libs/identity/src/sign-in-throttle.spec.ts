import { RecentFailures, SIGN_IN_RATE_LIMITS as L, signInRetryAfter } from './auth.policy';

const NOW = new Date('2026-03-02T08:00:00Z');
const ago = (s: number) => new Date(NOW.getTime() - s * 1000);
const none: RecentFailures = { ip: { count: 0, nth: null }, client: { count: 0, last: null }, username: { count: 0, last: null }, knownSource: false };
const withClient = (count: number, lastSecondsAgo: number): RecentFailures => ({ ...none, client: { count, last: ago(lastSecondsAgo) } });

describe('sign-in throttling (no account lock-out)', () => {
  it('lets a client fail a few times freely, then doubles the wait after each failure, up to 15 minutes', () => {
    expect(signInRetryAfter(NOW, withClient(L.freeFailuresPerClient - 1, 0))).toBeNull();
    expect([3, 4, 5, 6, 10, 12, 13, 40].map((n) => signInRetryAfter(NOW, withClient(n, 0)))).toEqual([2, 4, 8, 16, 256, 900, 900, 900]);
    // Counted from the latest failure: once the wait is over, the next attempt is checked.
    expect(signInRetryAfter(NOW, withClient(5, 3))).toBe(5);
    expect(signInRetryAfter(NOW, withClient(5, 8))).toBeNull();
  });

  it('refuses an IP with too many failures in the window until the oldest counted one leaves it', () => {
    expect(signInRetryAfter(NOW, { ...none, ip: { count: L.maxFailuresPerIp, nth: ago(60) } })).toBe(L.windowMinutes * 60 - 60);
    expect(signInRetryAfter(NOW, { ...none, ip: { count: L.maxFailuresPerIp - 1, nth: null } })).toBeNull();
  });

  it('spaces password checks of a username guessed from many IPs, so its owner waits seconds, not a lock-out period', () => {
    expect(signInRetryAfter(NOW, { ...none, username: { count: L.maxFailuresPerUsername, last: ago(10) } })).toBe(20);
    expect(signInRetryAfter(NOW, { ...none, username: { count: 500, last: ago(30) } })).toBeNull();
    expect(signInRetryAfter(NOW, { ...none, username: { count: L.maxFailuresPerUsername - 1, last: ago(0) } })).toBeNull();
  });

  it('judges a known source (an IP the username signed in from lately) by its own back-off and the per-IP limit only', () => {
    const guessed = { ...none, username: { count: 500, last: ago(0) } };
    expect(signInRetryAfter(NOW, guessed)).toBe(30);
    expect(signInRetryAfter(NOW, { ...guessed, knownSource: true })).toBeNull();
    expect(signInRetryAfter(NOW, { ...guessed, knownSource: true, client: { count: 5, last: ago(0) } })).toBe(8);
    expect(signInRetryAfter(NOW, { ...guessed, knownSource: true, ip: { count: L.maxFailuresPerIp, nth: ago(0) } })).toBe(L.windowMinutes * 60);
  });

  it('waits for the longest of the limits that apply', () => {
    expect(
      signInRetryAfter(NOW, {
        ip: { count: 20, nth: ago(590) },
        client: { count: 5, last: ago(0) },
        username: { count: 10, last: ago(0) },
        knownSource: false,
      }),
    ).toBe(30);
  });
});
