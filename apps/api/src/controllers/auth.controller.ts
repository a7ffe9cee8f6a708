import { Body, Controller, createParamDecorator, ExecutionContext, Get, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { hasIntakeQueue, mayBreakGlass, maySeeTeamDeadlines } from '@app/cases';
import { Clock, DomainError, validateCommand } from '@app/core';
import {
  AllowDuringTwoFactorEnrolment,
  AuthenticatedSession,
  AuthService,
  ClientInfo,
  CurrentUser,
  LoginCommand,
  Permission,
  rolesRequireTwoFactor,
  TwoFactorService,
} from '@app/identity';
import { AuditLogReview, ReportScopes } from '@app/reporting';
import { SopRegistry } from '@app/sop-registry';
import { User } from '../http/request-context';

const LOGIN_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['username', 'password'],
  properties: {
    username: { type: 'string', minLength: 1, maxLength: 100 },
    password: { type: 'string', minLength: 1, maxLength: 200 },
    totp: { type: 'string', maxLength: 12, description: 'current code of the authenticator app (when two-factor is on)' },
  },
};

const CHANGE_PASSWORD_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['currentPassword', 'newPassword'],
  properties: {
    currentPassword: { type: 'string', minLength: 1, maxLength: 200 },
    newPassword: { type: 'string', minLength: 1, maxLength: 1000 },
  },
};

const LANGUAGE_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['locale'],
  properties: { locale: { type: 'string', pattern: '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$', maxLength: 20 } },
};

const CODE_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['code'],
  properties: { code: { type: 'string', minLength: 1, maxLength: 12 } },
};

const DISABLE_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['password', 'code'],
  properties: { password: { type: 'string', minLength: 1, maxLength: 200 }, code: { type: 'string', minLength: 1, maxLength: 12 } },
};

/** The session AuthGuard resolved from the bearer token. */
const AuthSession = createParamDecorator((_: unknown, ctx: ExecutionContext): AuthenticatedSession => ctx.switchToHttp().getRequest().auth);

function client(req: Request): ClientInfo {
  const ua = req.headers['user-agent'];
  return { ip: req.ip ?? req.socket?.remoteAddress ?? null, userAgent: typeof ua === 'string' ? ua.slice(0, 256) : null };
}

/** `Retry-After` for refusals that say when to try again (rate limit, lockout). */
async function withRetryAfter<T>(res: Response, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    const seconds = e instanceof DomainError ? e.extra.retryAfterSeconds : undefined;
    if (typeof seconds === 'number') res.setHeader('Retry-After', String(seconds));
    throw e;
  }
}

@ApiTags('auth')
@Controller('api')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly twoFactor: TwoFactorService,
    private readonly registry: SopRegistry,
    private readonly reportScopes: ReportScopes,
    private readonly clock: Clock,
    private readonly auditLog: AuditLogReview,
  ) {}

  @Post('auth/login')
  @HttpCode(200)
  @Permission('public')
  @ApiOperation({
    summary: 'Sign in with username, password and (when two-factor is on) the authenticator code; returns a bearer token',
    description:
      'Errors: 401 invalid_credentials (the same for unknown users, wrong passwords and deactivated accounts), two_factor_required, two_factor_invalid; 429 too_many_attempts (with Retry-After; failures are throttled per username and client IP, per IP and per username, the last not from an address the user signed in from in the last 30 days; never by locking the account).',
  })
  @ApiBody({ schema: LOGIN_SCHEMA })
  async login(@Body() body: unknown, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const cmd = validateCommand<LoginCommand>(LOGIN_SCHEMA, body);
    const result = await withRetryAfter(res, () => this.auth.login(cmd, client(req)));
    const required = await this.requiresTwoFactor(result.user);
    return {
      token: result.token,
      tokenType: 'Bearer',
      expiresAt: result.expiresAt.toISOString(),
      user: result.user,
      twoFactor: { enabled: result.twoFactorVerified, required, enrolmentRequired: required && !result.twoFactorVerified },
    };
  }

  @Post('auth/logout')
  @HttpCode(204)
  @Permission('authenticated')
  @AllowDuringTwoFactorEnrolment()
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Sign out: revokes this session' })
  async logout(@Req() req: { token: string }) {
    await this.auth.logout(req.token);
  }

  @Get('auth/me')
  @Permission('authenticated')
  @AllowDuringTwoFactorEnrolment()
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'The signed-in user, and whether two-factor is on, required, and still to be set up',
    description:
      "`capabilities`: what the user's roles give them beyond their own cases, so a client asks only for what it may see: " +
      "`teamDeadlines` (GET /api/me/deadlines?scope=team), `intakeQueue` (one of their roles is on a case type's intake queue: GET /api/intake), " +
      '`reports` (some rule lets them read reports: GET /api/reports/dashboards), `breakGlass` (they may open a case outside their reach: POST /api/cases/{id}/break-glass), ' +
      '`auditLog` (a rule lets them read the whole audit log: GET /api/audit-log).',
  })
  async me(@User() user: CurrentUser, @AuthSession() session: AuthenticatedSession) {
    const sop = await this.registry.current();
    const required = rolesRequireTwoFactor(sop.pack.roles, user.roles);
    return {
      ...user,
      twoFactor: { enabled: session.twoFactorEnabled, required, enrolmentRequired: required && !session.twoFactorVerified },
      capabilities: {
        teamDeadlines: maySeeTeamDeadlines(sop.pack, user),
        intakeQueue: hasIntakeQueue(sop.pack, user),
        reports: await this.reportScopes.allowed(user, 'read', this.clock.now()),
        breakGlass: mayBreakGlass(sop, user),
        auditLog: await this.auditLog.permits(user, 'read'),
      },
    };
  }

  @Post('auth/password')
  @HttpCode(200)
  @Permission('authenticated')
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Change my password (current + new); signs out every other session',
    description:
      'Errors: 403 password_incorrect; 422 password_too_weak with `reasons`; 429 too_many_attempts (with Retry-After) after repeated wrong current passwords in the session.',
  })
  @ApiBody({ schema: CHANGE_PASSWORD_SCHEMA })
  async changePassword(@AuthSession() session: AuthenticatedSession, @Body() body: unknown, @Res({ passthrough: true }) res: Response) {
    const cmd = validateCommand<{ currentPassword: string; newPassword: string }>(CHANGE_PASSWORD_SCHEMA, body);
    return withRetryAfter(res, () => this.auth.changePassword(session, cmd.currentPassword, cmd.newPassword));
  }

  @Post('auth/language')
  @HttpCode(200)
  @Permission('authenticated')
  @AllowDuringTwoFactorEnrolment()
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Choose my language: kept in my profile, so what is written for me later (messages, e-mails) is in it too',
    description: 'A language the pack has no text in falls back as every text does (the pack default, then English).',
  })
  @ApiBody({ schema: LANGUAGE_SCHEMA })
  changeLanguage(@AuthSession() session: AuthenticatedSession, @Body() body: unknown) {
    return this.auth.changeLanguage(session, validateCommand<{ locale: string }>(LANGUAGE_SCHEMA, body).locale);
  }

  @Get('auth/sessions')
  @Permission('authenticated')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'My live sessions: created, last seen, expiry, IP, user agent, which one is this one (never tokens)' })
  sessions(@AuthSession() session: AuthenticatedSession) {
    return this.auth.listSessions(session);
  }

  @Post('auth/sessions/revoke-others')
  @HttpCode(200)
  @Permission('authenticated')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Sign out all my other sessions' })
  revokeOthers(@AuthSession() session: AuthenticatedSession) {
    return this.auth.revokeOtherSessions(session);
  }

  @Post('auth/sessions/:id/revoke')
  @HttpCode(200)
  @Permission('authenticated')
  @ApiBearerAuth()
  @ApiParam({ name: 'id', description: 'session id (GET /api/auth/sessions)' })
  @ApiOperation({ summary: 'Sign out one of my sessions (e.g. on a lost device); audited', description: 'Errors: 404 not_found (not mine, or already ended).' })
  revokeSession(@AuthSession() session: AuthenticatedSession, @Param('id') id: string) {
    return this.auth.revokeOwnSession(session, id);
  }

  @Post('auth/two-factor/setup')
  @HttpCode(200)
  @Permission('authenticated')
  @AllowDuringTwoFactorEnrolment()
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Start two-factor set-up: returns a new TOTP secret (base32) and its otpauth:// URI; confirm with a code',
    description: 'Errors: 409 two_factor_already_enabled.',
  })
  setupTwoFactor(@AuthSession() session: AuthenticatedSession) {
    return this.twoFactor.setup(session);
  }

  @Post('auth/two-factor/confirm')
  @HttpCode(200)
  @Permission('authenticated')
  @AllowDuringTwoFactorEnrolment()
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Confirm two-factor set-up with the current code: two-factor is then on, and this session is fully signed in',
    description: 'Errors: 409 two_factor_not_pending, two_factor_already_enabled; 422 two_factor_code_rejected.',
  })
  @ApiBody({ schema: CODE_SCHEMA })
  confirmTwoFactor(@AuthSession() session: AuthenticatedSession, @Body() body: unknown) {
    const cmd = validateCommand<{ code: string }>(CODE_SCHEMA, body);
    return this.twoFactor.confirm(session, cmd.code);
  }

  @Post('auth/two-factor/disable')
  @HttpCode(204)
  @Permission('authenticated')
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Turn two-factor off (password and a current code); refused when a role of mine requires it',
    description: 'Errors: 403 two_factor_required_by_role, password_incorrect; 409 two_factor_not_enabled; 422 two_factor_code_rejected.',
  })
  @ApiBody({ schema: DISABLE_SCHEMA })
  async disableTwoFactor(@AuthSession() session: AuthenticatedSession, @Body() body: unknown, @Res({ passthrough: true }) res: Response) {
    const cmd = validateCommand<{ password: string; code: string }>(DISABLE_SCHEMA, body);
    const required = await this.requiresTwoFactor(session.user);
    await withRetryAfter(res, () => this.twoFactor.disable(session, cmd.password, cmd.code, required));
  }

  @Post('auth/two-factor/replace')
  @HttpCode(200)
  @Permission('authenticated')
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Move two-factor to a new device (password and a code of the current one): returns the new secret; confirm with a code of the new device',
    description:
      'The current device keeps working until POST /api/auth/two-factor/confirm. Errors: 403 password_incorrect; 409 two_factor_not_enabled; 422 two_factor_code_rejected.',
  })
  @ApiBody({ schema: DISABLE_SCHEMA })
  replaceTwoFactor(@AuthSession() session: AuthenticatedSession, @Body() body: unknown, @Res({ passthrough: true }) res: Response) {
    const cmd = validateCommand<{ password: string; code: string }>(DISABLE_SCHEMA, body);
    return withRetryAfter(res, () => this.twoFactor.replace(session, cmd.password, cmd.code));
  }

  @Post('users/:id/sessions/revoke')
  @HttpCode(200)
  @Permission('administer')
  @ApiBearerAuth()
  @ApiParam({ name: 'id', description: 'user id' })
  @ApiOperation({ summary: 'Administrators: sign a user out of every session', description: 'Errors: 404 user_not_found.' })
  revokeUserSessions(@User() admin: CurrentUser, @Param('id') id: string) {
    return this.auth.revokeAllSessionsOf(admin, id);
  }

  @Post('users/:id/two-factor/reset')
  @HttpCode(200)
  @Permission('administer')
  @ApiBearerAuth()
  @ApiParam({ name: 'id', description: 'user id' })
  @ApiOperation({
    summary: "Administrators: reset a user's two-factor (lost device); signs the user out everywhere",
    description: 'Errors: 404 user_not_found.',
  })
  resetTwoFactor(@User() admin: CurrentUser, @Param('id') id: string) {
    return this.twoFactor.resetFor(admin, id);
  }

  private async requiresTwoFactor(user: CurrentUser): Promise<boolean> {
    const sop = await this.registry.current();
    return rolesRequireTwoFactor(sop.pack.roles, user.roles);
  }
}
