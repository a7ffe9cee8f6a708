import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { CurrentUser } from '@app/identity';

/** The signed-in user (set by AuthGuard). */
export const User = createParamDecorator((_: unknown, ctx: ExecutionContext): CurrentUser => ctx.switchToHttp().getRequest().user);

/** Label language: `?locale=`, else the user's own locale, else English. */
export const Locale = createParamDecorator((_: unknown, ctx: ExecutionContext): string => {
  const req = ctx.switchToHttp().getRequest();
  const q = typeof req.query?.locale === 'string' ? req.query.locale : undefined;
  return q ?? req.user?.locale ?? 'en';
});
