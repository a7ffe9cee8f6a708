import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ASSIGN_SCHEMA, CaseAssignmentService, HANDOVER_SCHEMA, TeamWorkloadService } from '@app/cases';
import { CurrentUser, Permission } from '@app/identity';
import { User } from '../http/request-context';

/** Who works a case: assignment of one or many cases, the handover of a departing worker's cases, and what each worker of a team carries. */
@ApiTags('case assignment')
@ApiBearerAuth()
@Controller('api')
export class CaseAssignmentController {
  constructor(
    private readonly assignment: CaseAssignmentService,
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
