import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { CurrentUser } from '@app/identity';

/** The signed-in user (set by AuthGuard), with where the request came from (for the audit log). */
export const User = createParamDecorator((_: unknown, ctx: ExecutionContext): CurrentUser => {
  const req = ctx.switchToHttp().getRequest();
  const agent = req.headers?.['user-agent'];
  return { ...req.user, origin: { ip: req.ip ?? null, userAgent: typeof agent === 'string' ? agent.slice(0, 300) : null } };
});

/** Label language: `?locale=`, else the user's own locale, else English. */
export const Locale = createParamDecorator((_: unknown, ctx: ExecutionContext): string => {
  const req = ctx.switchToHttp().getRequest();
  const q = typeof req.query?.locale === 'string' ? req.query.locale : undefined;
  return q ?? req.user?.locale ?? 'en';
});
