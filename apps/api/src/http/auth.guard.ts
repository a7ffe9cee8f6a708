import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DomainError } from '@app/core';
import {
  AuthenticatedSession,
  AuthService,
  IdentityErrorCode,
  PERMISSION_KEY,
  rolesRequireTwoFactor,
  RoutePermission,
  TWO_FACTOR_ENROLMENT_KEY,
} from '@app/identity';
import { FirstRunErrorCode, FirstRunService, SopRegistry } from '@app/sop-registry';

/**
 * Global guard: every route must declare `@Permission(...)`; an undeclared route is refused (deny by
 * default). Signed-in routes need a valid bearer token; case-level rights are then checked by services.
 * A session opened without a second factor by a user whose role requires two-factor may only call
 * the routes marked `@AllowDuringTwoFactorEnrolment()` (who am I, sign out, set up two-factor).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
    private readonly registry: SopRegistry,
    private readonly firstRun: FirstRunService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    const permission = this.reflector.getAllAndOverride<RoutePermission | undefined>(PERMISSION_KEY, targets);
    if (!permission) throw new DomainError('forbidden', 'This route declares no permission and is refused.');
    if (permission === 'public') return true;
    const req = context.switchToHttp().getRequest();
    const header: string | undefined = req.headers.authorization;
    const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
    if (!token) {
      await this.refuseBeforeSetup();
      throw new DomainError('unauthenticated', 'Sign in first: send Authorization: Bearer <token> from POST /api/auth/login.');
    }
    const session: AuthenticatedSession = await this.auth.authenticate(token);
    const user = session.user;
    req.user = user;
    req.auth = session;
    req.token = token;
    if (!session.twoFactorVerified && !this.reflector.getAllAndOverride<boolean>(TWO_FACTOR_ENROLMENT_KEY, targets)) {
      const sop = await this.registry.current();
      if (rolesRequireTwoFactor(sop.pack.roles, user.roles)) {
        throw new DomainError(
          IdentityErrorCode.TwoFactorEnrolmentRequired,
          session.twoFactorEnabled
            ? 'Your role requires two-factor authentication: sign in again with your authenticator code.'
            : 'Your role requires two-factor authentication: set it up (POST /api/auth/two-factor/setup, then /confirm) before anything else.',
        );
      }
    }
    if (permission === 'administer' || permission === 'administer_people') {
      const sop = await this.registry.current();
      // A delegated administrator (`administer: { scope, roles }`) administers people only, never the pack.
      const full = permission === 'administer';
      const admin = sop.pack.roles.some((r) => (full ? r.administer === true : !!r.administer) && user.roles.includes(r.id));
      if (!admin) throw new DomainError('forbidden', 'Only administrators may do this.');
    }
    return true;
  }

  /** Without any user nobody can sign in: say what to do instead of only "sign in first". */
  private async refuseBeforeSetup(): Promise<void> {
    if (await this.firstRun.required()) {
      throw new DomainError(FirstRunErrorCode.SetupRequired, 'This installation has no user yet: create the first administrator (GET /api/setup).');
    }
  }
}
