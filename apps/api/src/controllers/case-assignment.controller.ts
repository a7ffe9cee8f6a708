import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { DomainError } from '@app/core';
import { ASSIGN_SCHEMA, CaseAssignmentService, CasePeopleService, HANDOVER_SCHEMA, PEOPLE_PURPOSES, PeoplePurpose, TeamWorkloadService } from '@app/cases';
import { CurrentUser, Permission } from '@app/identity';
import { queryText } from '../http/query-params';
import { Locale, User } from '../http/request-context';

/** Who works a case: assignment of one or many cases, the handover of a departing worker's cases, and what each worker of a team carries. */
@ApiTags('case assignment')
@ApiBearerAuth()
@Controller('api')
export class CaseAssignmentController {
  constructor(
    private readonly assignment: CaseAssignmentService,
    private readonly people: CasePeopleService,
    private readonly workload: TeamWorkloadService,
  ) {}

  @Get('team/workload')
  @Permission('authenticated')
  @ApiOperation({
    summary: "My team's workload: per active member, open cases and overdue deadlines I may see (a supervisor of the team; others 403)",
    description: 'Counts only cases and deadlines the caller may read. The cases behind a count: GET /api/cases?assignedTo={id}&overdue=true.',
  })
  teamWorkload(@User() user: CurrentUser) {
    return this.workload.forSupervisor(user);
  }

  @Get('cases/:id/people')
  @Permission('authenticated')
  @ApiOperation({
    summary:
      'People to choose from, by name and role labels: `for=share` those whose roles reach the case through sharing (needs `share`), `for=assign` those who could work it (needs `assign`)',
  })
  @ApiQuery({ name: 'for', required: true, enum: [...PEOPLE_PURPOSES] })
  candidates(@User() user: CurrentUser, @Locale() locale: string, @Param('id') id: string, @Query('for') purpose: unknown) {
    const value = queryText(purpose, 'for', 20);
    if (!PEOPLE_PURPOSES.includes(value as PeoplePurpose)) {
      throw new DomainError('validation_failed', `for must be one of: ${PEOPLE_PURPOSES.join(', ')}.`, {
        errors: [{ path: '/for', message: 'unknown purpose' }],
      });
    }
    return this.people.candidates(user, id, value as PeoplePurpose, locale);
  }

  @Post('cases/assignments')
  @HttpCode(200)
  @Permission('authenticated')
  @ApiOperation({ summary: "Assign cases (one or many) to a worker; needs the pack's `assign` permission on each; all or nothing" })
  @ApiBody({ schema: ASSIGN_SCHEMA })
  assign(@User() user: CurrentUser, @Body() body: unknown) {
    return this.assignment.assign(user, body);
  }

  @Post('users/:id/handover')
  @HttpCode(200)
  @Permission('authenticated')
  @ApiOperation({ summary: 'Hand every open case of a worker (e.g. who is leaving) to another worker; all or nothing' })
  @ApiBody({ schema: HANDOVER_SCHEMA })
  handover(@User() user: CurrentUser, @Param('id') id: string, @Body() body: unknown) {
    return this.assignment.handover(user, id, body);
  }
}
