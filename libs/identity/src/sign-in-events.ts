import { Injectable, Logger } from '@nestjs/common';

export type SignInOutcome = 'success' | 'invalid_credentials' | 'rate_limited' | 'two_factor_required' | 'two_factor_invalid';

/** One sign-in attempt, for the audit trail. Never carries the password, token or code. */
export interface SignInEvent {
  /** Null when the username is unknown. */
  userId: string | null;
  username: string;
  ip: string | null;
  userAgent: string | null;
  outcome: SignInOutcome;
  at: Date;
}

export type AccountEventKind =
  'password_changed' | 'sessions_revoked' | 'two_factor_enabled' | 'two_factor_replaced' | 'two_factor_disabled' | 'language_changed';

/** A change to an account's credentials or sessions. */
export interface AccountEvent {
  kind: AccountEventKind;
  /** The account concerned. */
  userId: string;
  /** Who did it (the user, or an administrator). */
  actorId: string;
  at: Date;
  /** e.g. how many sessions were revoked. */
  detail?: Record<string, unknown>;
}

export interface SignInListener {
  onSignIn?(event: SignInEvent): void | Promise<void>;
  onAccountEvent?(event: AccountEvent): void | Promise<void>;
}

/**
 * Where sign-in outcomes and account changes go. Without listeners it does nothing; the audit
 * module subscribes at start-up (`signInEvents.subscribe({ onSignIn: (e) => audit.record(...) })`),
 * so identity does not depend on it. A failing listener never fails the sign-in.
 */
@Injectable()
export class SignInEvents {
  private readonly logger = new Logger('SignInEvents');
  private readonly listeners: SignInListener[] = [];

  subscribe(listener: SignInListener): () => void {
    this.listeners.push(listener);
    return () => {
      const i = this.listeners.indexOf(listener);
      if (i >= 0) this.listeners.splice(i, 1);
    };
  }

  async signIn(event: SignInEvent): Promise<void> {
    for (const l of this.listeners) await this.safely(() => l.onSignIn?.(event));
  }

  async account(event: AccountEvent): Promise<void> {
    for (const l of this.listeners) await this.safely(() => l.onAccountEvent?.(event));
  }

  private async safely(work: () => void | Promise<void>): Promise<void> {
    try {
      await work();
    } catch (e) {
      // The message only: an event carries a username, which must not reach the logs.
      this.logger.error(`A sign-in event listener failed: ${e instanceof Error ? e.name : 'error'}`);
    }
  }
}
