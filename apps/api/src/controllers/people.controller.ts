import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import { validateCommand } from '@app/core';
import { CurrentUser, Permission } from '@app/identity';
import { AdministrationReach, OpenCase, PasswordCode, PeoplePage, PeopleService, PersonInput, PersonView } from '@app/people';
import { queryBool, queryInt, queryText } from '../http/query-params';
import { User } from '../http/request-context';

const ID = { type: 'string', pattern: '^[a-z][a-z0-9_]*$', maxLength: 100 };
const FIELDS = {
  displayName: { type: 'string', minLength: 1, maxLength: 200, pattern: '\\S' },
  email: { anyOf: [{ type: 'string', maxLength: 254, pattern: '^$|^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$' }, { type: 'null' }] },
  phone: { anyOf: [{ type: 'string', maxLength: 30, pattern: '^$|^\\+?[0-9][0-9 ()-]{4,28}$' }, { type: 'null' }] },
  locale: { type: 'string', pattern: '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$', maxLength: 20 },
  roles: { type: 'array', minItems: 1, maxItems: 20, items: ID },
  location: { type: 'string', minLength: 1, maxLength: 50 },
  agency: { anyOf: [ID, { type: 'null' }] },
  team: { anyOf: [ID, { type: 'null' }] },
};
const CREATE_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['username', 'displayName', 'locale', 'roles', 'location'],
  properties: { username: { type: 'string', pattern: '^[a-z0-9][a-z0-9._-]{2,49}$' }, ...FIELDS },
};
const UPDATE_SCHEMA = { type: 'object', additionalProperties: false, minProperties: 1, properties: FIELDS };
const SET_PASSWORD_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['code', 'password'],
  properties: { code: { type: 'string', minLength: 1, maxLength: 64 }, password: { type: 'string', minLength: 1, maxLength: 1000 } },
};

/**
 * People administration (thin: PeopleService decides whom the administrator may see and change, from
 * the pack's `administer` of their roles). Users beyond their reach answer 404 as unknown ids.
 */
@ApiTags('people')
@Controller('api')
export class PeopleController {
  constructor(private readonly people: PeopleService) {}

  @Get('people/reach')
  @Permission('administer_people')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'What I may administer: the roles I may give, the places and agencies I may put users in (null: any)' })
  reach(@User() admin: CurrentUser): Promise<AdministrationReach> {
    return this.people.reach(admin);
  }

  @Get('people')
  @Permission('administer_people')
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Users I administer, by name: search (name, username, e-mail) and filters; paged',
    description: 'Users beyond my reach are neither listed nor counted.',
  })
  @ApiQuery({ name: 'q', required: false, description: 'part of the name, username or e-mail' })
  @ApiQuery({ name: 'role', required: false })
  @ApiQuery({ name: 'location', required: false, description: 'a place code: users at it or under it' })
  @ApiQuery({ name: 'team', required: false })
  @ApiQuery({ name: 'active', required: false, type: Boolean })
  @ApiQuery({ name: 'limit', required: false, description: '1-200, default 50' })
  @ApiQuery({ name: 'offset', required: false })
  list(
    @User() admin: CurrentUser,
    @Query('q') q: unknown,
    @Query('role') role: unknown,
    @Query('location') location: unknown,
    @Query('team') team: unknown,
    @Query('active') active: unknown,
    @Query('limit') limit: unknown,
    @Query('offset') offset: unknown,
  ): Promise<PeoplePage> {
    return this.people.list(
      admin,
      {
        text: queryText(q, 'q', 100) || undefined,
        role: queryText(role, 'role', 100) || undefined,
        location: queryText(location, 'location', 50) || undefined,
        team: queryText(team, 'team', 100) || undefined,
        active: queryBool(active, 'active'),
      },
      { limit: Math.min(200, Math.max(1, queryInt(limit, 'limit') ?? 50)), offset: queryInt(offset, 'offset') ?? 0 },
    );
  }

  @Post('people')
  @Permission('administer_people')
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Create a user (no password): the reply carries a one-time set-password code, shown once, for the administrator to hand over',
    description:
      'Errors: 400 validation_failed; 403 administration_out_of_scope (a place or role beyond my reach; nothing saved); 409 username_taken; 422 user_invalid (a role, language, place, agency or team the pack does not have).',
  })
  @ApiBody({ schema: CREATE_SCHEMA })
  create(@User() admin: CurrentUser, @Body() body: unknown): Promise<{ user: PersonView; passwordCode: PasswordCode }> {
    return this.people.create(admin, validateCommand<PersonInput>(CREATE_SCHEMA, body));
  }

  @Get('people/:id')
  @Permission('administer_people')
  @ApiBearerAuth()
  @ApiParam({ name: 'id', description: 'user id' })
  @ApiOperation({ summary: 'One user I administer, with their open cases (number, type, step: to hand over)', description: 'Errors: 404 user_not_found.' })
  get(@User() admin: CurrentUser, @Param('id') id: string): Promise<PersonView & { openCases: OpenCase[] }> {
    return this.people.get(admin, id);
  }

  @Patch('people/:id')
  @Permission('administer_people')
  @ApiBearerAuth()
  @ApiParam({ name: 'id', description: 'user id' })
  @ApiOperation({
    summary: 'Change a user (what is given; never the username)',
    description:
      "Errors: 400 validation_failed; 403 administration_out_of_scope; 404 user_not_found; 409 cannot_change_own_access (one's own roles, place or agency); 422 user_invalid.",
  })
  @ApiBody({ schema: UPDATE_SCHEMA })
  update(@User() admin: CurrentUser, @Param('id') id: string, @Body() body: unknown): Promise<PersonView> {
    return this.people.update(admin, id, validateCommand<Partial<PersonInput>>(UPDATE_SCHEMA, body));
  }

  @Post('people/:id/deactivate')
  @HttpCode(200)
  @Permission('administer_people')
  @ApiBearerAuth()
  @ApiParam({ name: 'id', description: 'user id' })
  @ApiOperation({
    summary: 'Deactivate a user: every session ends at once (their next request is 401); their open cases are listed for handover',
    description: 'Errors: 404 user_not_found; 409 cannot_deactivate_self.',
  })
  deactivate(@User() admin: CurrentUser, @Param('id') id: string): Promise<{ user: PersonView; revokedSessions: number; openCases: OpenCase[] }> {
    return this.people.deactivate(admin, id);
  }

  @Post('people/:id/reactivate')
  @HttpCode(200)
  @Permission('administer_people')
  @ApiBearerAuth()
  @ApiParam({ name: 'id', description: 'user id' })
  @ApiOperation({ summary: 'Reactivate a user', description: 'Errors: 404 user_not_found.' })
  reactivate(@User() admin: CurrentUser, @Param('id') id: string): Promise<PersonView> {
    return this.people.reactivate(admin, id);
  }

  @Post('people/:id/password-code')
  @HttpCode(200)
  @Permission('administer_people')
  @ApiBearerAuth()
  @ApiParam({ name: 'id', description: 'user id' })
  @ApiOperation({
    summary: 'Reset a password: a new one-time code (shown once, expires in 24 hours) with which the user sets a new password; earlier codes stop working',
    description: 'Errors: 404 user_not_found.',
  })
  passwordCode(@User() admin: CurrentUser, @Param('id') id: string): Promise<PasswordCode> {
    return this.people.issuePasswordCode(admin, id);
  }

  @Post('people/:id/two-factor/reset')
  @HttpCode(200)
  @Permission('administer_people')
  @ApiBearerAuth()
  @ApiParam({ name: 'id', description: 'user id' })
  @ApiOperation({ summary: "Reset a user's two-factor (lost device); signs them out everywhere", description: 'Errors: 404 user_not_found.' })
  resetTwoFactor(@User() admin: CurrentUser, @Param('id') id: string): Promise<{ revokedSessions: number }> {
    return this.people.resetTwoFactor(admin, id);
  }

  @Post('people/:id/unlock')
  @HttpCode(200)
  @Permission('administer_people')
  @ApiBearerAuth()
  @ApiParam({ name: 'id', description: 'user id' })
  @ApiOperation({
    summary: 'Unlock a user: forget their failed sign-ins, so the sign-in throttle no longer holds them back',
    description: 'Errors: 404 user_not_found.',
  })
  unlock(@User() admin: CurrentUser, @Param('id') id: string): Promise<{ clearedFailures: number }> {
    return this.people.unlock(admin, id);
  }

  @Post('auth/password-reset')
  @HttpCode(200)
  @Permission('public')
  @ApiOperation({
    summary: 'Set my password with the one-time code my administrator gave me (no sign-in); signs me out everywhere',
    description:
      'Errors: 400 validation_failed, password_code_invalid (unknown, used or expired: the same answer); 422 password_too_weak with `reasons` (the code stays usable).',
  })
  @ApiBody({ schema: SET_PASSWORD_SCHEMA })
  setPassword(@Body() body: unknown): Promise<{ username: string }> {
    const cmd = validateCommand<{ code: string; password: string }>(SET_PASSWORD_SCHEMA, body);
    return this.people.setPasswordWithCode(cmd.code, cmd.password);
  }
}
