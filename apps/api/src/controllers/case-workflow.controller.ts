import { Body, Controller, Get, Headers, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { validateCommand } from '@app/core';
import { CaseQueriesService, CaseWorkflowService, parseIfMatch } from '@app/cases';
import { CurrentUser, Permission } from '@app/identity';
import { Locale, User } from '../http/request-context';

const TRANSITION_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: { comment: { type: 'string', maxLength: 2000 } },
};
const DECISION_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['decision'],
  properties: { decision: { type: 'string', enum: ['approve', 'reject'] }, comment: { type: 'string', maxLength: 2000 } },
};
const IF_MATCH = { name: 'If-Match', required: true, description: 'The case version you last read' };

@ApiTags('cases')
@ApiBearerAuth()
@Controller('api/cases/:id')
export class CaseWorkflowController {
  constructor(
    private readonly workflow: CaseWorkflowService,
    private readonly queries: CaseQueriesService,
  ) {}

  @Get('transitions')
  @Permission('authenticated')
  @ApiOperation({ summary: 'Transitions from the current step, with the reason for each one you cannot take' })
  transitions(@User() user: CurrentUser, @Locale() locale: string, @Param('id') id: string) {
    return this.workflow.available(user, id, locale);
  }

  @Post('transitions/:transitionId')
  @Permission('authenticated')
  @ApiOperation({ summary: 'Perform a transition (200), or request it when the SOP needs approval (202)' })
  @ApiResponse({ status: 200, description: 'Performed' })
  @ApiResponse({ status: 202, description: 'Approval requested: the transition waits for an approver' })
  @ApiHeader(IF_MATCH)
  @ApiBody({ schema: TRANSITION_SCHEMA })
  async perform(
    @User() user: CurrentUser,
    @Locale() locale: string,
    @Param('id') id: string,
    @Param('transitionId') transitionId: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() body: unknown,
    @Res({ passthrough: true }) res: Response,
  ) {
    const expectedVersion = parseIfMatch(ifMatch);
    const cmd = validateCommand<{ comment?: string }>(TRANSITION_SCHEMA, body ?? {});
    const outcome = await this.workflow.perform(user, { caseId: id, transitionId, expectedVersion, comment: cmd.comment, locale });
    return this.respond(user, locale, id, outcome, res);
  }

  @Post('approval')
  @Permission('authenticated')
  @ApiOperation({ summary: 'Approve or reject the transition waiting for approval' })
  @ApiResponse({ status: 200, description: 'Decided' })
  @ApiHeader(IF_MATCH)
  @ApiBody({ schema: DECISION_SCHEMA })
  async decide(
    @User() user: CurrentUser,
    @Locale() locale: string,
    @Param('id') id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() body: unknown,
    @Res({ passthrough: true }) res: Response,
  ) {
    const expectedVersion = parseIfMatch(ifMatch);
    const cmd = validateCommand<{ decision: 'approve' | 'reject'; comment?: string }>(DECISION_SCHEMA, body);
    const outcome = await this.workflow.decide(user, { caseId: id, decision: cmd.decision, expectedVersion, comment: cmd.comment, locale });
    return this.respond(user, locale, id, outcome, res);
  }

  private async respond(user: CurrentUser, locale: string, id: string, outcome: { outcome: string }, res: Response) {
    // After a move the actor may no longer see the case (e.g. transferred away): report the outcome anyway.
    const view = await this.queries.get(user, id, locale).catch(() => null);
    res.status(outcome.outcome === 'approval_requested' ? 202 : 200);
    if (view) res.setHeader('ETag', `"${view.version}"`);
    return { ...outcome, case: view };
  }
}
