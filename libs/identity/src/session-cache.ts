import { Injectable } from '@nestjs/common';
import { DatabaseNotifications, SessionEntity, UserEntity } from '@app/database';

/** What authenticating a request reads of a session and of its user. */
export type SignedInSession = Pick<SessionEntity, 'id' | 'userId' | 'expiresAt' | 'revokedAt' | 'lastSeenAt' | 'twoFactorVerified'>;
export type SessionUser = Pick<
  UserEntity,
  'id' | 'username' | 'displayName' | 'roles' | 'agencyId' | 'teamId' | 'locationCode' | 'locationPath' | 'locale' | 'active' | 'totpEnabledAt'
>;

export type SessionWithUser = { session: SignedInSession; user: SessionUser | null };

/** How long a session is trusted from memory without news from the database: a bound should a notification ever be missed. */
const LIFETIME_MS = 10_000;
const MAX_ENTRIES = 20_000;

/**
 * Signed-in sessions with their users, kept a few seconds in memory so that a request does not read
 * them again. Every change to a session or a user is announced by the database (triggers on
 * `cmis_auth`, migration 1766500000000), whichever process makes it, and forgets what it concerns;
 * this process's own writers also forget at once. While the announcements do not arrive (before
 * listening starts, after the connection drops), nothing is served from memory.
 */
@Injectable()
export class SessionCache {
  private readonly byToken = new Map<string, { found: SessionWithUser; at: number }>();
  /** Moves on every forgetting: a read begun before it must not be kept, it may predate the change. */
  private epoch = 0;
  private subscribed = false;

  constructor(private readonly notifications: DatabaseNotifications) {}

  /** The session when memory may answer, with the epoch to hand back to `keep` after reading it from the database. */
  lookup(tokenHash: string): { found: SessionWithUser | null; epoch: number } {
    this.subscribe();
    const entry = this.notifications.live ? this.byToken.get(tokenHash) : undefined;
    if (entry && performance.now() - entry.at < LIFETIME_MS) return { found: entry.found, epoch: this.epoch };
    if (entry) this.byToken.delete(tokenHash);
    return { found: null, epoch: this.epoch };
  }

  keep(tokenHash: string, found: SessionWithUser, epoch: number): void {
    if (!this.notifications.live || epoch !== this.epoch) return;
    if (this.byToken.size >= MAX_ENTRIES) this.byToken.delete(this.byToken.keys().next().value as string);
    this.byToken.set(tokenHash, { found, at: performance.now() });
  }

  /** This process touched the session: memory follows (other processes' copies expire before idleness could matter). */
  touched(tokenHash: string, at: Date): void {
    const entry = this.byToken.get(tokenHash);
    if (entry) entry.found = { ...entry.found, session: { ...entry.found.session, lastSeenAt: at } };
  }

  forgetSession(tokenHash: string): void {
    this.epoch++;
    this.byToken.delete(tokenHash);
  }

  forgetSessionId(sessionId: string): void {
    this.epoch++;
    for (const [hash, entry] of this.byToken) if (entry.found.session.id === sessionId) this.byToken.delete(hash);
  }

  forgetUser(userId: string): void {
    this.epoch++;
    for (const [hash, entry] of this.byToken) if (entry.found.session.userId === userId) this.byToken.delete(hash);
  }

  forgetAll(): void {
    this.epoch++;
    this.byToken.clear();
  }

  private subscribe(): void {
    if (this.subscribed) return;
    this.subscribed = true;
    this.notifications.subscribe('cmis_auth', {
      onMessage: (payload) => {
        if (payload.startsWith('s:')) this.forgetSession(payload.slice(2));
        else if (payload.startsWith('u:')) this.forgetUser(payload.slice(2));
        else this.forgetAll();
      },
      onGap: () => this.forgetAll(),
    });
  }
}
