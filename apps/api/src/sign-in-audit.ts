import { Injectable, OnModuleInit } from '@nestjs/common';
import { AuditService } from '@app/audit';
import { SignInEvents } from '@app/identity';

/** Sign-in outcomes and account changes go to the audit log (identity does not depend on audit). */
@Injectable()
export class SignInAudit implements OnModuleInit {
  constructor(
    private readonly events: SignInEvents,
    private readonly audit: AuditService,
  ) {}

  onModuleInit(): void {
    this.events.subscribe({
      onSignIn: (e) =>
        this.audit
          .record({
            actorId: e.userId,
            action: 'auth.sign_in',
            outcome: e.outcome === 'success' ? 'allowed' : 'denied',
            details: { outcome: e.outcome, username: e.username },
            ip: e.ip,
            userAgent: e.userAgent,
          })
          .then(() => undefined),
      onAccountEvent: (e) =>
        this.audit
          .record({
            actorId: e.actorId,
            action: `auth.${e.kind}`,
            details: { userId: e.userId, ...(e.detail ?? {}) },
          })
          .then(() => undefined),
    });
  }
}
