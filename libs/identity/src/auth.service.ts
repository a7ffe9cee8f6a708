import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import * as argon2 from 'argon2';
import { Clock, DomainError, HOUR_MS } from '@app/core';
import { SessionEntity } from '@app/database';
import { AUTH_POLICY, SIGN_IN_RATE_LIMITS, signInRetryAfter } from './auth.policy';
import { CurrentUser } from './current-user';
import { IdentityErrorCode } from './identity.errors';
import { assertStrongPassword } from './password-policy';
import { SignInAttemptsRepository } from './sign-in-attempts.repository';
import { SignInEvents, SignInOutcome } from './sign-in-events';
import { base32Decode, verifyTotp } from './totp';
import { TotpSecrets } from './totp-secrets.service';
import { UsersRepository, UserWithSecrets } from './users.repository';
import { SessionCache, SessionUser } from './session-cache';

/** argon2id with OWASP-recommended parameters (m=19 MiB, t=2, p=1). */
export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, { type: argon2.argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 });
}

export function verifyPassword(hash: string, password: string): Promise<boolean> {
  return argon2.verify(hash, password).catch(() => false);
}

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Tokens are 32 random bytes in base64url: anything else is refused before the database is asked. */
const TOKEN_FORMAT = /^[A-Za-z0-9_-]{43}$/;

export function toCurrentUser(u: SessionUser): CurrentUser {
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    roles: u.roles,
    agencyId: u.agencyId,
    teamId: u.teamId,
    locationCode: u.locationCode,
    locationPath: u.locationPath,
    locale: u.locale,
  };
}

/** Where a request came from (for rate limits, the sessions list and the audit trail). */
export interface ClientInfo {
  ip: string | null;
  userAgent: string | null;
}

export interface LoginCommand {
  username: string;
  password: string;
  /** The current code of the user's authenticator app, when two-factor is active. */
  totp?: string;
}

export interface LoginResult {
  token: string;
  expiresAt: Date;
  user: CurrentUser;
  /** True when the session was opened with a second factor. */
  twoFactorVerified: boolean;
}

/** A valid bearer token resolved to its user and session. */
export interface AuthenticatedSession {
  user: CurrentUser;
  sessionId: string;
  /** The session was opened with a two-factor code, or two-factor was set up within it. */
  twoFactorVerified: boolean;
  /** The user has active two-factor authentication. */
  twoFactorEnabled: boolean;
}

export interface SessionView {
  id: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  ip: string | null;
  userAgent: string | null;
  twoFactorVerified: boolean;
  current: boolean;
}

const MINUTE_MS = 60_000;

@Injectable()
export class AuthService {
  // A constant hash so unknown usernames cost as much as wrong passwords (no user enumeration by timing).
  private dummyHash: Promise<string> | null = null;

  constructor(
    private readonly users: UsersRepository,
    private readonly attempts: SignInAttemptsRepository,
    private readonly events: SignInEvents,
    private readonly clock: Clock,
    private readonly secrets: TotpSecrets,
    private readonly sessions: SessionCache,
  ) {}

  /**
   * Password (and, when active, TOTP code) → a new session. Refused, in this order: throttled
   * (429 with `retryAfterSeconds`, see SIGN_IN_RATE_LIMITS), unknown, deactivated user or wrong
   * password (401 `invalid_credentials`, identical in every case, after the same argon2 work),
   * missing or wrong/replayed two-factor code (401). Wrong passwords and wrong codes are failures.
   */
  async login(cmd: LoginCommand, client: ClientInfo = { ip: null, userAgent: null }): Promise<LoginResult> {
    const now = this.clock.now();
    const ip = client.ip ?? 'unknown';
    const key = cmd.username.trim().toLowerCase();
    const emit = (outcome: SignInOutcome, userId: string | null) =>
      this.events.signIn({ userId, username: cmd.username, ip: client.ip, userAgent: client.userAgent, outcome, at: now });

    await this.throttle(ip, key, now, () => emit('rate_limited', null));
    const fail = () => this.attempts.record({ ip, username: key, at: now, success: false }, this.pruneBefore(now));

    // Unknown and deactivated users are checked against a dummy hash: the same work, the same answer.
    const user = await this.users.findWithSecrets({ username: cmd.username });
    const known = !!user && user.active;
    this.dummyHash ??= hashPassword('not-a-real-password-000');
    const passwordOk = await verifyPassword(known ? user.passwordHash : await this.dummyHash, cmd.password);
    if (!known || !passwordOk) {
      await fail();
      await emit('invalid_credentials', user?.id ?? null);
      throw new DomainError(IdentityErrorCode.InvalidCredentials, 'Wrong username or password.');
    }
    const twoFactorActive = !!user.totpSecret && !!user.totpEnabledAt;
    if (twoFactorActive) {
      if (!cmd.totp) {
        await emit('two_factor_required', user.id);
        throw new DomainError(
          IdentityErrorCode.TwoFactorRequired,
          'Two-factor authentication is on for this account: send the current code of your authenticator app as `totp`.',
        );
      }
      if (!(await this.acceptCode(user, user.totpSecret!, cmd.totp, now))) {
        await fail();
        await emit('two_factor_invalid', user.id);
        throw new DomainError(IdentityErrorCode.TwoFactorInvalid, 'The two-factor code is wrong, expired or was already used.');
      }
    }
    await this.attempts.record({ ip, username: key, at: now, success: true }, this.pruneBefore(now));
    // The address becomes a known source of this username (exempt from its per-username limit).
    // Without a client address there is nothing to recognise the owner by next time.
    if (client.ip) await this.attempts.rememberSource(key, client.ip, now, this.knownSince(now));
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(now.getTime() + AUTH_POLICY.sessionHours * HOUR_MS);
    await this.users.createSession({
      tokenHash: hashToken(token),
      userId: user.id,
      createdAt: now,
      expiresAt,
      ip: client.ip,
      userAgent: client.userAgent,
      twoFactorVerified: twoFactorActive,
    });
    await emit('success', user.id);
    return { token, expiresAt, user: toCurrentUser(user), twoFactorVerified: twoFactorActive };
  }

  /**
   * Resolves a bearer token to its user and session, or throws `unauthenticated` (unknown, tampered
   * or revoked token; inactive user) / `session_expired` (absolute or idle expiry).
   */
  async authenticate(token: string): Promise<AuthenticatedSession> {
    if (!TOKEN_FORMAT.test(token)) throw new DomainError('unauthenticated', 'Sign in first.');
    const tokenHash = hashToken(token);
    const cached = this.sessions.lookup(tokenHash);
    const found = cached.found ?? (await this.users.findSessionWithUser(tokenHash));
    if (found && !cached.found) this.sessions.keep(tokenHash, found, cached.epoch);
    const session = found?.session;
    if (!session || session.revokedAt) throw new DomainError('unauthenticated', 'Sign in first.');
    const now = this.clock.now();
    if (session.expiresAt <= now) throw new DomainError(IdentityErrorCode.SessionExpired, 'Your session expired; sign in again.');
    if (now.getTime() - session.lastSeenAt.getTime() > AUTH_POLICY.idleMinutes * MINUTE_MS) {
      throw new DomainError(IdentityErrorCode.SessionExpired, `Your session expired after ${AUTH_POLICY.idleMinutes} minutes without use; sign in again.`);
    }
    const user = found.user;
    if (!user || !user.active) throw new DomainError('unauthenticated', 'Sign in first.');
    const gap = AUTH_POLICY.touchIntervalSeconds * 1000;
    if (now.getTime() - session.lastSeenAt.getTime() >= gap) {
      await this.users.touchSession(session.id, now, gap);
      this.sessions.touched(tokenHash, now);
    }
    return { user: toCurrentUser(user), sessionId: session.id, twoFactorVerified: session.twoFactorVerified, twoFactorEnabled: !!user.totpEnabledAt };
  }

  async logout(token: string): Promise<void> {
    await this.users.revokeSession(hashToken(token), this.clock.now());
  }

  /**
   * Changes the signed-in user's password: the current one must be right (wrong ones are throttled
   * as sign-in failures are), the new one must pass the policy. Every other session of the user is revoked.
   */
  async changePassword(auth: AuthenticatedSession, currentPassword: string, newPassword: string): Promise<{ revokedSessions: number }> {
    const now = this.clock.now();
    const user = await this.requireUserWithSecrets(auth.user.id);
    await this.checkPassword(user, currentPassword, now, auth.sessionId);
    assertStrongPassword(newPassword, { username: user.username }, '/newPassword');
    if (await verifyPassword(user.passwordHash, newPassword)) {
      throw new DomainError(IdentityErrorCode.PasswordTooWeak, 'The new password must differ from the current one.', {
        reasons: ['same_as_current'],
        errors: [{ path: '/newPassword', message: 'must differ from the current password', keyword: 'same_as_current' }],
      });
    }
    await this.users.setPassword(user.id, await hashPassword(newPassword), now);
    const revokedSessions = await this.users.revokeSessionsOfUser(user.id, now, auth.sessionId);
    await this.events.account({ kind: 'password_changed', userId: user.id, actorId: user.id, at: now, detail: { revokedSessions } });
    return { revokedSessions };
  }

  /**
   * The language the user reads: what is written for them later (inbox messages, e-mails) follows it,
   * as the interface does once they choose it in the menu.
   */
  async changeLanguage(auth: AuthenticatedSession, locale: string): Promise<{ locale: string }> {
    if (auth.user.locale !== locale) {
      await this.users.setLocale(auth.user.id, locale);
      await this.events.account({ kind: 'language_changed', userId: auth.user.id, actorId: auth.user.id, at: this.clock.now(), detail: { locale } });
    }
    return { locale };
  }

  /** The user's live sessions (never their tokens). */
  async listSessions(auth: AuthenticatedSession): Promise<SessionView[]> {
    const now = this.clock.now();
    const rows = await this.users.listLiveSessions(auth.user.id, now, new Date(now.getTime() - AUTH_POLICY.idleMinutes * MINUTE_MS));
    return rows.map((s) => this.view(s, auth.sessionId));
  }

  async revokeOtherSessions(auth: AuthenticatedSession): Promise<{ revoked: number }> {
    const now = this.clock.now();
    const revoked = await this.users.revokeSessionsOfUser(auth.user.id, now, auth.sessionId);
    await this.events.account({ kind: 'sessions_revoked', userId: auth.user.id, actorId: auth.user.id, at: now, detail: { revoked, keptCurrent: true } });
    return { revoked };
  }

  /** Ends one of my own sessions (a lost phone); 404 `not_found` for another's or an ended one. */
  async revokeOwnSession(auth: AuthenticatedSession, sessionId: string): Promise<{ revoked: number }> {
    const now = this.clock.now();
    if (!(await this.users.revokeSessionOfUser(auth.user.id, sessionId, now))) throw new DomainError('not_found', 'You have no live session with this id.');
    await this.events.account({ kind: 'sessions_revoked', userId: auth.user.id, actorId: auth.user.id, at: now, detail: { revoked: 1, sessionId } });
    return { revoked: 1 };
  }

  /** An administrator signs a user out everywhere (404 `user_not_found` for an unknown id). */
  async revokeAllSessionsOf(actor: CurrentUser, userId: string): Promise<{ revoked: number }> {
    const user = await this.users.findById(userId);
    if (!user) throw new DomainError(IdentityErrorCode.UserNotFound, 'No user has this id.');
    const now = this.clock.now();
    const revoked = await this.users.revokeSessionsOfUser(user.id, now);
    await this.events.account({ kind: 'sessions_revoked', userId: user.id, actorId: actor.id, at: now, detail: { revoked } });
    return { revoked };
  }

  // ---- shared with TwoFactorService ----

  async requireUserWithSecrets(id: string): Promise<UserWithSecrets> {
    const user = await this.users.findWithSecrets({ id });
    if (!user || !user.active) throw new DomainError('unauthenticated', 'Sign in first.');
    return user;
  }

  /**
   * Re-checks the password of a signed-in user; wrong → `password_incorrect`. Failures are throttled
   * per session (as per client IP at sign-in) and count toward the username's limit, so a stolen
   * session cannot be used to guess the password quickly.
   */
  async checkPassword(user: UserWithSecrets, password: string, now: Date, sessionId: string): Promise<void> {
    const client = `session:${sessionId}`;
    const key = user.username.trim().toLowerCase();
    await this.throttle(client, key, now, async () => undefined);
    if (await verifyPassword(user.passwordHash, password)) return;
    await this.attempts.record({ ip: client, username: key, at: now, success: false }, this.pruneBefore(now));
    throw new DomainError(IdentityErrorCode.PasswordIncorrect, 'The current password is wrong.');
  }

  /** A code of the stored (sealed) active secret within the window whose step was not used yet; the step is then used up. */
  async acceptCode(user: { id: string }, storedSecret: string, code: string, now: Date): Promise<boolean> {
    const step = verifyTotp(base32Decode(await this.secrets.openActive(user.id, storedSecret)), code.trim(), now.getTime());
    return step !== null && this.users.claimTotpStep(user.id, step);
  }

  private async throttle(ip: string, username: string, now: Date, onRefused: () => Promise<void>): Promise<void> {
    const L = SIGN_IN_RATE_LIMITS;
    const recent = await this.attempts.recentFailures(
      ip,
      username,
      new Date(now.getTime() - L.windowMinutes * MINUTE_MS),
      new Date(now.getTime() - L.clientMemoryMinutes * MINUTE_MS),
      L.maxFailuresPerIp,
      this.knownSince(now),
    );
    const retryAfterSeconds = signInRetryAfter(now, recent);
    if (retryAfterSeconds === null) return;
    await onRefused();
    throw new DomainError(IdentityErrorCode.TooManyAttempts, `Too many failed sign-in attempts; try again in ${retryAfterSeconds} seconds.`, {
      retryAfterSeconds,
    });
  }

  private knownSince(now: Date): Date {
    return new Date(now.getTime() - SIGN_IN_RATE_LIMITS.knownSourceDays * 24 * HOUR_MS);
  }

  private pruneBefore(now: Date): Date {
    return new Date(now.getTime() - SIGN_IN_RATE_LIMITS.retentionHours * HOUR_MS);
  }

  private view(s: SessionEntity, currentId: string): SessionView {
    return {
      id: s.id,
      createdAt: s.createdAt.toISOString(),
      lastSeenAt: s.lastSeenAt.toISOString(),
      expiresAt: s.expiresAt.toISOString(),
      ip: s.ip,
      userAgent: s.userAgent,
      twoFactorVerified: s.twoFactorVerified,
      current: s.id === currentId,
    };
  }
}
