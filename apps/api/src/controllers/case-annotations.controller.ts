import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ADD_FLAG_SCHEMA, ADD_NOTE_SCHEMA, CaseAnnotationsService, CaseLinksService, LINK_SCHEMA, REMOVE_FLAG_SCHEMA, UNLINK_SCHEMA } from '@app/cases';
import { CurrentUser, Permission } from '@app/identity';
import { queryBool } from '../http/query-params';
import { User } from '../http/request-context';

/** Flags, notes and links between cases. */
@ApiTags('case flags, notes and links')
@ApiBearerAuth()
@Controller('api/cases/:id')
export class CaseAnnotationsController {
  constructor(
    private readonly annotations: CaseAnnotationsService,
    private readonly links: CaseLinksService,
  ) {}

  @Get('flags')
  @Permission('authenticated')
  @ApiOperation({ summary: 'Flags of the case (active ones; all=true includes removed ones, with who removed them and why)' })
  @ApiQuery({ name: 'all', required: false })
  flags(@User() user: CurrentUser, @Param('id') id: string, @Query('all') all: unknown) {
    return this.annotations.flags(user, id, queryBool(all, 'all') ?? false);
  }

  @Post('flags')
  @Permission('authenticated')
  @ApiOperation({ summary: "Flag the case with a reason (needs the pack's `flag` permission)" })
  @ApiBody({ schema: ADD_FLAG_SCHEMA })
  addFlag(@User() user: CurrentUser, @Param('id') id: string, @Body() body: unknown) {
    return this.annotations.addFlag(user, id, body);
  }

  @Post('flags/:flagId/remove')
  @HttpCode(204)
  @Permission('authenticated')
  @ApiOperation({ summary: 'Remove a flag with a reason (it stays in the history)' })
  @ApiBody({ schema: REMOVE_FLAG_SCHEMA })
  async removeFlag(@User() user: CurrentUser, @Param('id') id: string, @Param('flagId') flagId: string, @Body() body: unknown) {
    await this.annotations.removeFlag(user, id, flagId, body);
  }

  @Get('notes')
  @Permission('authenticated')
  @ApiOperation({ summary: "Notes on the case the user may see: notes for everyone who may read the case, and their own team's" })
  notes(@User() user: CurrentUser, @Param('id') id: string) {
    return this.annotations.notes(user, id);
  }

  @Post('notes')
  @Permission('authenticated')
  @ApiOperation({ summary: 'Write a note (visibility team or case); notes are never edited' })
  @ApiBody({ schema: ADD_NOTE_SCHEMA })
  addNote(@User() user: CurrentUser, @Param('id') id: string, @Body() body: unknown) {
    return this.annotations.addNote(user, id, body);
  }

  @Post('links')
  @HttpCode(204)
  @Permission('authenticated')
  @ApiOperation({ summary: 'Link this case to another (sibling, household, same family, related...); needs `link` on both' })
  @ApiBody({ schema: LINK_SCHEMA })
  async link(@User() user: CurrentUser, @Param('id') id: string, @Body() body: unknown) {
    await this.links.link(user, id, body);
  }

  @Post('links/remove')
  @HttpCode(204)
  @Permission('authenticated')
  @ApiOperation({ summary: 'Remove a link between two cases, with a reason (both timelines keep it)' })
  @ApiBody({ schema: UNLINK_SCHEMA })
  async unlink(@User() user: CurrentUser, @Param('id') id: string, @Body() body: unknown) {
    await this.links.unlink(user, id, body);
  }
}
