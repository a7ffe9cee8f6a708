import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { validateCommand } from '@app/core';
import { AuthService, CurrentUser, Permission } from '@app/identity';
import { SopRegistry } from '@app/sop-registry';
import { User } from '../http/request-context';

const LOGIN_SCHEMA = {
  type: 'object', additionalProperties: false, required: ['username', 'password'],
  properties: { username: { type: 'string', minLength: 1, maxLength: 100 }, password: { type: 'string', minLength: 1, maxLength: 200 } },
};

@ApiTags('system')
@Controller('api')
export class SystemController {
  constructor(private readonly ds: DataSource, private readonly registry: SopRegistry, private readonly auth: AuthService) {}

  @Get('health')
  @Permission('public')
  @ApiOperation({ summary: 'Liveness and readiness: database reachable and an SOP published' })
  async health() {
    await this.ds.query('SELECT 1');
    const sop = await this.registry.current();
    return { status: 'ok', database: 'up', sop: { packId: sop.packId, version: sop.version } };
  }

  @Post('auth/login')
  @HttpCode(200)
  @Permission('public')
  @ApiOperation({ summary: 'Sign in with username and password; returns a bearer token' })
  @ApiBody({ schema: LOGIN_SCHEMA })
  async login(@Body() body: unknown) {
    const cmd = validateCommand<{ username: string; password: string }>(LOGIN_SCHEMA, body);
    const { token, expiresAt, user } = await this.auth.login(cmd.username, cmd.password);
    return { token, tokenType: 'Bearer', expiresAt: expiresAt.toISOString(), user };
  }

  @Post('auth/logout')
  @HttpCode(204)
  @Permission('authenticated')
  @ApiBearerAuth()
  async logout(@Req() req: { token: string }) {
    await this.auth.logout(req.token);
  }

  @Get('auth/me')
  @Permission('authenticated')
  @ApiBearerAuth()
  me(@User() user: CurrentUser) {
    return user;
  }
}
