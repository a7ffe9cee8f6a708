import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DomainError } from '@app/core';
import { AuthService, CurrentUser, PERMISSION_KEY, RoutePermission } from '@app/identity';
import { SopRegistry } from '@app/sop-registry';

/**
 * Global guard: every route must declare `@Permission(...)`; an undeclared route is refused (deny by
 * default). Signed-in routes need a valid bearer token; case-level rights are then checked by services.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(private readonly reflector: Reflector, private readonly auth: AuthService, private readonly registry: SopRegistry) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const permission = this.reflector.getAllAndOverride<RoutePermission | undefined>(PERMISSION_KEY, [context.getHandler(), context.getClass()]);
    if (!permission) throw new DomainError('forbidden', 'This route declares no permission and is refused.');
    if (permission === 'public') return true;
    const req = context.switchToHttp().getRequest();
    const header: string | undefined = req.headers.authorization;
    const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
    if (!token) throw new DomainError('unauthenticated', 'Sign in first: send Authorization: Bearer <token> from POST /api/auth/login.');
    const user: CurrentUser = await this.auth.authenticate(token);
    req.user = user;
    req.token = token;
    if (permission === 'administer') {
      const sop = await this.registry.current();
      const admin = sop.pack.roles.some((r) => r.administer && user.roles.includes(r.id));
      if (!admin) throw new DomainError('forbidden', 'Only administrators may do this.');
    }
    return true;
  }
}
