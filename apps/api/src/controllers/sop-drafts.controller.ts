import { Body, Controller, Delete, Get, HttpCode, Param, ParseIntPipe, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { validateCommand } from '@app/core';
import { CurrentUser, Permission } from '@app/identity';
import { DraftEditCommand, SopDraftsService } from '@app/sop-drafts';
import { User } from '../http/request-context';

const FILES = { type: 'object', minProperties: 1 };
const CREATE_SCHEMA = { type: 'object', additionalProperties: false, properties: { files: FILES } };
const EDIT_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['baseRevision', 'operations'],
  // The operations are checked one by one, so a bad one is named (422 sop_draft_patch_invalid).
  properties: { baseRevision: { type: 'integer', minimum: 1 }, operations: {}, note: { type: 'string', maxLength: 500 } },
};
const IMPORT_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['baseRevision', 'files'],
  properties: { baseRevision: { type: 'integer', minimum: 1 }, files: FILES },
};
const PUBLISH_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: { revision: { type: 'integer', minimum: 1 }, note: { type: 'string', maxLength: 300 } },
};

/** Administrators edit a draft of the SOP pack together (JSON Patch with revisions), check it, export it and publish it. */
@ApiTags('sop')
@ApiBearerAuth()
@Controller('api/sop/drafts')
export class SopDraftsController {
  constructor(private readonly drafts: SopDraftsService) {}

  @Get()
  @Permission('administer')
  @ApiOperation({ summary: 'Drafts of the pack, newest first (at most one open), without their files' })
  list() {
    return this.drafts.list();
  }

  @Post()
  @HttpCode(201)
  @Permission('administer')
  @ApiOperation({
    summary: 'Open a draft of the active pack: from its current published version, or from uploaded files `{files}`; 409 sop_draft_exists when one is open',
  })
  create(@User() user: CurrentUser, @Body() body: unknown) {
    const cmd = validateCommand<{ files?: Record<string, unknown> }>(CREATE_SCHEMA, body ?? {});
    return this.drafts.create(user, cmd.files);
  }

  @Get(':id')
  @Permission('administer')
  @ApiOperation({ summary: 'A draft: its files at the current revision and every validation and lint finding, each with its file, JSONPath and JSON pointer' })
  get(@Param('id', ParseIntPipe) id: number) {
    return this.drafts.get(id);
  }

  @Post(':id/edits')
  @HttpCode(200)
  @Permission('administer')
  @ApiOperation({
    summary:
      'Apply JSON Patch operations (RFC 6902; paths start with the file, `/workflow.json/steps/0`) based on `baseRevision`. Applied when nobody changed the same paths since (409 sop_draft_conflict naming the path and who changed it otherwise); 422 sop_draft_patch_invalid for an operation that cannot apply. Answers the new revision and the findings',
  })
  edit(@User() user: CurrentUser, @Param('id', ParseIntPipe) id: number, @Body() body: unknown) {
    return this.drafts.edit(user, id, validateCommand<DraftEditCommand>(EDIT_SCHEMA, body));
  }

  @Get(':id/changes')
  @Permission('administer')
  @ApiOperation({ summary: "The draft's change log: each revision with who, when, the operations and the paths they touched" })
  changes(@Param('id', ParseIntPipe) id: number) {
    return this.drafts.changes(id);
  }

  @Get(':id/diff')
  @Permission('administer')
  @ApiOperation({
    summary:
      'What publishing the draft would change: the current published version (`against`) compared with the draft as `GET /api/sop/versions/:from/diff/:to` compares two versions (`changes`, `labels`); `comparable: false` and no changes while the draft does not validate',
  })
  diff(@Param('id', ParseIntPipe) id: number) {
    return this.drafts.diff(id);
  }

  @Get(':id/export')
  @Permission('administer')
  @ApiOperation({ summary: 'The draft as pack files (what publishing would store) with their content hash' })
  export(@Param('id', ParseIntPipe) id: number) {
    return this.drafts.export(id);
  }

  @Put(':id/files')
  @Permission('administer')
  @ApiOperation({ summary: "Import pack files into the draft (`{baseRevision, files}`): each file that differs is one change of the draft's log" })
  import(@User() user: CurrentUser, @Param('id', ParseIntPipe) id: number, @Body() body: unknown) {
    const cmd = validateCommand<{ baseRevision: number; files: Record<string, unknown> }>(IMPORT_SCHEMA, body);
    return this.drafts.import(user, id, cmd.baseRevision, cmd.files);
  }

  @Post(':id/publish')
  @HttpCode(201)
  @Permission('administer')
  @ApiOperation({
    summary:
      'Publish the draft as a new version (refused with the findings while it has errors: 422 sop_draft_has_errors) and close it; the note summarises its change log',
  })
  publish(@User() user: CurrentUser, @Param('id', ParseIntPipe) id: number, @Body() body: unknown) {
    return this.drafts.publish(user, id, validateCommand<{ revision?: number; note?: string }>(PUBLISH_SCHEMA, body ?? {}));
  }

  @Delete(':id')
  @Permission('administer')
  @ApiOperation({ summary: 'Discard the draft: closed without publishing, kept with its change log' })
  discard(@User() user: CurrentUser, @Param('id', ParseIntPipe) id: number) {
    return this.drafts.discard(user, id);
  }
}
