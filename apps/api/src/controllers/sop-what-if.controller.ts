import { Body, Controller, HttpCode, Param, ParseIntPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Permission } from '@app/identity';
import { SopDraftsService } from '@app/sop-drafts';
import { WHAT_IF_SCHEMA, WhatIfService } from '@app/sop-simulation';
import { Locale, User } from '../http/request-context';

/** "What if" over history: how SOP-compliance figures of a real period would change under a draft. */
@ApiTags('sop')
@ApiBearerAuth()
@Controller('api/sop/drafts')
export class SopWhatIfController {
  constructor(
    private readonly whatIf: WhatIfService,
    private readonly drafts: SopDraftsService,
  ) {}

  @Post(':id/what-if')
  @HttpCode(200)
  @Permission('administer')
  @ApiOperation({
    summary:
      "The real cases of a period (`from`, `to`: days, both included; optional `location` code) replayed through the draft's deadlines and through the published ones, nothing written: per deadline, those due in the period kept on time, late, missed or still open, and the change. Counts only, small cells suppressed on each side and in the change; 422 what_if_period_invalid, what_if_location_unknown",
  })
  @ApiBody({ schema: WHAT_IF_SCHEMA })
  async run(@User() user: CurrentUser, @Param('id', ParseIntPipe) id: number, @Body() body: unknown, @Locale() locale: string) {
    const { revision, files } = await this.drafts.get(id);
    return this.whatIf.run(user, { kind: 'draft', id, revision, files }, body, locale);
  }
}
