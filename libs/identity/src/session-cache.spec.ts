import type { DatabaseNotifications } from '@app/database';
import { SessionCache, SessionWithUser } from './session-cache';

class Notifications {
  live = true;
  listener: { onMessage: (p: string) => void; onGap: () => void } | null = null;
  subscribe(_channel: string, l: { onMessage: (p: string) => void; onGap: () => void }) {
    this.listener = l;
  }
}

const found = (sessionId: string, userId: string): SessionWithUser => ({
  session: { id: sessionId, userId, expiresAt: new Date(), revokedAt: null, lastSeenAt: new Date(0), twoFactorVerified: false },
  user: null,
});

describe('SessionCache', () => {
  let notifications: Notifications;
  let cache: SessionCache;
  const keep = (hash: string, f: SessionWithUser) => cache.keep(hash, f, cache.lookup(hash).epoch);

  beforeEach(() => {
    notifications = new Notifications();
    cache = new SessionCache(notifications as unknown as DatabaseNotifications);
  });

  it('answers from memory what it kept, and forgets a session, a user or everything when told', () => {
    keep('a', found('s1', 'u1'));
    keep('b', found('s2', 'u1'));
    keep('c', found('s3', 'u2'));
    expect(cache.lookup('a').found?.session.id).toBe('s1');
    notifications.listener!.onMessage('s:a');
    expect(cache.lookup('a').found).toBeNull();
    expect(cache.lookup('b').found).not.toBeNull();
    notifications.listener!.onMessage('u:u1');
    expect(cache.lookup('b').found).toBeNull();
    expect(cache.lookup('c').found).not.toBeNull();
    notifications.listener!.onGap();
    expect(cache.lookup('c').found).toBeNull();
  });

  it('does not keep a read begun before a change was announced: it may show the session as it was', () => {
    const { epoch } = cache.lookup('a');
    notifications.listener!.onMessage('u:u1');
    cache.keep('a', found('s1', 'u1'), epoch);
    expect(cache.lookup('a').found).toBeNull();
  });

  it('neither answers nor keeps while notifications do not arrive', () => {
    keep('a', found('s1', 'u1'));
    notifications.live = false;
    expect(cache.lookup('a').found).toBeNull();
    keep('b', found('s2', 'u2'));
    notifications.live = true;
    expect(cache.lookup('b').found).toBeNull();
  });

  it('trusts memory for a few seconds only', () => {
    const now = jest.spyOn(performance, 'now');
    now.mockReturnValue(1_000);
    keep('a', found('s1', 'u1'));
    now.mockReturnValue(10_999);
    expect(cache.lookup('a').found).not.toBeNull();
    now.mockReturnValue(11_001);
    expect(cache.lookup('a').found).toBeNull();
    now.mockRestore();
  });

  it('follows this process’s own touches of a session', () => {
    keep('a', found('s1', 'u1'));
    const at = new Date('2026-12-07T10:00:00Z');
    cache.touched('a', at);
    expect(cache.lookup('a').found?.session.lastSeenAt).toEqual(at);
  });
});
