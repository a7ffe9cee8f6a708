import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import * as argon2 from 'argon2';
import { Clock, DomainError, HOUR_MS } from '@app/core';
import { UserEntity } from '@app/database';
import { CurrentUser } from './current-user';
import { IdentityErrorCode } from './identity.errors';
import { UsersRepository } from './users.repository';

export const AUTH_POLICY = {
  maxFailedLogins: 5,
  lockMinutes: 15,
  sessionHours: 12,
  minPasswordLength: 12,
};

/** argon2id with OWASP-recommended parameters (m=19 MiB, t=2, p=1). */
export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, { type: argon2.argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 });
}

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function toCurrentUser(u: UserEntity): CurrentUser {
  return {
    id: u.id, username: u.username, displayName: u.displayName, roles: u.roles, agencyId: u.agencyId,
    teamId: u.teamId, locationCode: u.locationCode, locationPath: u.locationPath, locale: u.locale,
  };
}

@Injectable()
export class AuthService {
  // A constant hash so unknown usernames cost as much as wrong passwords (no user enumeration by timing).
  private dummyHash: Promise<string> | null = null;

  constructor(private readonly users: UsersRepository, private readonly clock: Clock) {}

  async login(username: string, password: string): Promise<{ token: string; expiresAt: Date; user: CurrentUser }> {
    const now = this.clock.now();
    const user = await this.users.findByUsernameWithHash(username);
    if (!user || !user.active) {
      this.dummyHash ??= hashPassword('not-a-real-password-000');
      await argon2.verify(await this.dummyHash, password).catch(() => false);
      throw new DomainError(IdentityErrorCode.InvalidCredentials, 'Wrong username or password.');
    }
    if (user.lockedUntil && user.lockedUntil > now) {
      throw new DomainError(IdentityErrorCode.AccountLocked,
        `Too many failed sign-in attempts. Try again after ${user.lockedUntil.toISOString()}.`, { lockedUntil: user.lockedUntil.toISOString() });
    }
    const ok = await argon2.verify(user.passwordHash, password).catch(() => false);
    if (!ok) {
      const lock = user.failedLogins + 1 >= AUTH_POLICY.maxFailedLogins
        ? new Date(now.getTime() + AUTH_POLICY.lockMinutes * 60_000) : null;
      await this.users.recordFailedLogin(user.id, lock);
      throw new DomainError(IdentityErrorCode.InvalidCredentials, 'Wrong username or password.');
    }
    await this.users.resetFailedLogins(user.id);
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(now.getTime() + AUTH_POLICY.sessionHours * HOUR_MS);
    await this.users.createSession({ tokenHash: hashToken(token), userId: user.id, createdAt: now, expiresAt });
    return { token, expiresAt, user: toCurrentUser(user) };
  }

  /** Resolves a bearer token to its user, or throws `unauthenticated` / `session_expired`. */
  async authenticate(token: string): Promise<CurrentUser> {
    const session = await this.users.findSession(hashToken(token));
    if (!session || session.revokedAt) throw new DomainError('unauthenticated', 'Sign in first.');
    if (session.expiresAt <= this.clock.now()) throw new DomainError(IdentityErrorCode.SessionExpired, 'Your session expired; sign in again.');
    const user = await this.users.findById(session.userId);
    if (!user || !user.active) throw new DomainError('unauthenticated', 'Sign in first.');
    return toCurrentUser(user);
  }

  async logout(token: string): Promise<void> {
    await this.users.revokeSession(hashToken(token), this.clock.now());
  }
}
