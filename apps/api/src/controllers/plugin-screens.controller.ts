import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Permission } from '@app/identity';
import { PluginScreensService } from '@app/plugin-host';
import { Locale, User } from '../http/request-context';
import { queryOneOf, queryText } from '../http/query-params';

/**
 * Plugins' screens as data (docs/plugins.md, "Screens"): what the web app renders for the plugins
 * the active pack enables, filtered by what the user may do. The plugin routes they call check
 * again.
 */
@ApiTags('plugins')
@ApiBearerAuth()
@Controller('api/plugin-screens')
export class PluginScreensController {
  constructor(private readonly screens: PluginScreensService) {}

  @Get()
  @Permission('authenticated')
  @ApiOperation({ summary: 'The plugin screens shown to the user at a placement (menu, home, or case with caseId), in their language' })
  list(@User() user: CurrentUser, @Locale() locale: string, @Query('placement') placement: unknown, @Query('caseId') caseId: unknown) {
    const where = queryOneOf(placement, 'placement', ['menu', 'home', 'case'] as const) ?? 'menu';
    return this.screens.list(user, where, { locale, caseId: queryText(caseId, 'caseId', 64) });
  }

  @Get(':pluginId/:screenId')
  @Permission('authenticated')
  @ApiOperation({ summary: 'One plugin screen, in the user’s language (404 when the user may not use it)' })
  one(
    @User() user: CurrentUser,
    @Locale() locale: string,
    @Param('pluginId') pluginId: string,
    @Param('screenId') screenId: string,
    @Query('caseId') caseId: unknown,
  ) {
    return this.screens.one(user, pluginId, screenId, { locale, caseId: queryText(caseId, 'caseId', 64) });
  }
}
