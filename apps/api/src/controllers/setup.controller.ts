import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { Permission } from '@app/identity';
import { FIRST_ADMINISTRATOR_SCHEMA, FirstRunService, SopRegistry } from '@app/sop-registry';

/**
 * First run of an installation without users: whether set-up is required (the web app shows its
 * first-run page only then), and creating the first administrator with the set-up code from the log.
 */
@ApiTags('system')
@Controller('api')
export class SetupController {
  constructor(
    private readonly firstRun: FirstRunService,
    private readonly registry: SopRegistry,
  ) {}

  @Get('setup')
  @Permission('public')
  @ApiOperation({
    summary: 'Whether this installation still needs its first administrator, and the languages to offer on the first-run page',
    description: 'Once any user exists `required` is false forever, and POST /api/setup/administrator answers 409 setup_complete.',
  })
  async status(): Promise<{ required: boolean; locales: string[]; defaultLocale: string }> {
    const { pack } = await this.registry.current();
    const locales = { locales: pack.manifest.locales, defaultLocale: pack.manifest.defaultLocale };
    return { required: await this.firstRun.required(), ...locales };
  }

  @Post('setup/administrator')
  @HttpCode(201)
  @Permission('public')
  @ApiOperation({
    summary: 'Create the first administrator with the one-time set-up code printed in the server log; then sign in and enrol two-factor',
    description:
      'Errors: 400 validation_failed; 403 setup_code_invalid (wrong or expired: a restart prints a new one); 409 setup_complete (a user exists: forever); 422 password_too_weak. Audited.',
  })
  @ApiBody({ schema: FIRST_ADMINISTRATOR_SCHEMA })
  create(@Body() body: unknown, @Req() req: Request) {
    const ua = req.headers['user-agent'];
    return this.firstRun.createWithCode(body, { ip: req.ip ?? null, userAgent: typeof ua === 'string' ? ua.slice(0, 256) : null });
  }
}
