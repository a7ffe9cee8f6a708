import { Injectable } from '@nestjs/common';
import { Clock, DomainError } from '@app/core';
import type { CurrentUser } from './current-user';
import { AuthenticatedSession, AuthService } from './auth.service';
import { IdentityErrorCode } from './identity.errors';
import { SignInEvents } from './sign-in-events';
import { base32Decode, newTotpSecret, otpauthUri, TOTP_POLICY, verifyTotp } from './totp';
import { TotpSecrets } from './totp-secrets.service';
import { UsersRepository } from './users.repository';

export interface TwoFactorSetup {
  /** Base32 secret to type into an authenticator app. */
  secret: string;
  /** `otpauth://` URI for a QR code. */
  otpauthUri: string;
  algorithm: 'SHA1';
  digits: number;
  period: number;
}

/**
 * TOTP enrolment: set-up stores a pending secret, confirmation with a valid code activates it (and
 * upgrades the session it was done in), disabling needs the password and a code and is refused when
 * a role of the user makes two-factor mandatory. Secrets are stored sealed (TotpSecrets).
 */
@Injectable()
export class TwoFactorService {
  constructor(
    private readonly auth: AuthService,
    private readonly users: UsersRepository,
    private readonly events: SignInEvents,
    private readonly clock: Clock,
    private readonly secrets: TotpSecrets,
  ) {}

  async setup(session: AuthenticatedSession): Promise<TwoFactorSetup> {
    const user = await this.auth.requireUserWithSecrets(session.user.id);
    if (user.totpEnabledAt) {
      throw new DomainError(
        IdentityErrorCode.TwoFactorAlreadyEnabled,
        'Two-factor authentication is already on for this account; to move to a new device, use POST /api/auth/two-factor/replace.',
      );
    }
    return this.newPending(user);
  }

  /**
   * A new device for an account whose two-factor is on (mandatory for some roles, so it cannot be
   * turned off and set up again): the password and a code of the current device start it; the old
   * device keeps working until a code of the new one confirms it (POST /api/auth/two-factor/confirm).
   */
  async replace(session: AuthenticatedSession, password: string, code: string): Promise<TwoFactorSetup> {
    const now = this.clock.now();
    const user = await this.auth.requireUserWithSecrets(session.user.id);
    if (!user.totpEnabledAt || !user.totpSecret)
      throw new DomainError(IdentityErrorCode.TwoFactorNotEnabled, 'Two-factor authentication is not on for this account.');
    await this.auth.checkPassword(user, password, now, session.sessionId);
    if (!(await this.auth.acceptCode(user, user.totpSecret, code, now))) throw this.rejected();
    return this.newPending(user);
  }

  private async newPending(user: { id: string; username: string }): Promise<TwoFactorSetup> {
    const secret = newTotpSecret();
    await this.users.setPendingTotp(user.id, this.secrets.seal(user.id, secret));
    return {
      secret,
      otpauthUri: otpauthUri(user.username, secret),
      algorithm: 'SHA1',
      digits: TOTP_POLICY.digits,
      period: TOTP_POLICY.stepSeconds,
    };
  }

  async confirm(session: AuthenticatedSession, code: string): Promise<{ enabledAt: string }> {
    const now = this.clock.now();
    const user = await this.auth.requireUserWithSecrets(session.user.id);
    const pending = user.totpPendingSecret;
    // On already: only a replacement (started with the password and a code of the current device) is pending.
    const replacing = !!user.totpEnabledAt && !!user.totpSecret;
    if (replacing && !pending) throw new DomainError(IdentityErrorCode.TwoFactorAlreadyEnabled, 'Two-factor authentication is already on for this account.');
    if (!pending) throw new DomainError(IdentityErrorCode.TwoFactorNotPending, 'Start with POST /api/auth/two-factor/setup.');
    const step = verifyTotp(base32Decode(this.secrets.openPending(user.id, pending)), code.trim(), now.getTime());
    if (step === null) throw this.rejected();
    const done = replacing
      ? await this.users.replaceTotpWithPending(user.id, user.totpSecret!, pending, now, step)
      : await this.users.activatePendingTotp(user.id, pending, now, step);
    if (!done) {
      throw new DomainError(IdentityErrorCode.TwoFactorNotPending, 'The set-up changed meanwhile; start again with POST /api/auth/two-factor/setup.');
    }
    await this.users.markSessionTwoFactorVerified(session.sessionId);
    await this.events.account({ kind: replacing ? 'two_factor_replaced' : 'two_factor_enabled', userId: user.id, actorId: user.id, at: now });
    return { enabledAt: now.toISOString() };
  }

  async disable(session: AuthenticatedSession, password: string, code: string, requiredByRole: boolean): Promise<void> {
    if (requiredByRole) {
      throw new DomainError(IdentityErrorCode.TwoFactorRequiredByRole, 'Two-factor authentication is mandatory for one of your roles and cannot be disabled.');
    }
    const now = this.clock.now();
    const user = await this.auth.requireUserWithSecrets(session.user.id);
    if (!user.totpEnabledAt || !user.totpSecret)
      throw new DomainError(IdentityErrorCode.TwoFactorNotEnabled, 'Two-factor authentication is not on for this account.');
    await this.auth.checkPassword(user, password, now, session.sessionId);
    if (!(await this.auth.acceptCode(user, user.totpSecret, code, now))) throw this.rejected();
    await this.users.disableTotp(user.id);
    await this.events.account({ kind: 'two_factor_disabled', userId: user.id, actorId: user.id, at: now });
  }

  /**
   * An administrator resets a user's two-factor (lost phone): the secret is removed and every session
   * of the user ends, so the next sign-in (password only) must enrol again if a role requires it.
   */
  async resetFor(actor: CurrentUser, userId: string): Promise<{ revokedSessions: number }> {
    const user = await this.users.findById(userId);
    if (!user) throw new DomainError(IdentityErrorCode.UserNotFound, 'No user has this id.');
    const now = this.clock.now();
    await this.users.disableTotp(user.id);
    const revokedSessions = await this.users.revokeSessionsOfUser(user.id, now);
    await this.events.account({
      kind: 'two_factor_disabled',
      userId: user.id,
      actorId: actor.id,
      at: now,
      detail: { resetByAdministrator: true, revokedSessions },
    });
    return { revokedSessions };
  }

  private rejected(): DomainError {
    return new DomainError(
      IdentityErrorCode.TwoFactorCodeRejected,
      'The code is wrong, expired or was already used: enter the current code of your authenticator app.',
      {
        errors: [{ path: '/code', message: 'is wrong, expired or already used', messageKey: 'code_rejected' }],
      },
    );
  }
}
