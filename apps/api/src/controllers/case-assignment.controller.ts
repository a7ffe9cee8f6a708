import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ASSIGN_SCHEMA, CaseAssignmentService, HANDOVER_SCHEMA } from '@app/cases';
import { CurrentUser, Permission } from '@app/identity';
import { User } from '../http/request-context';

/** Who works a case: assignment of one or many cases, and the handover of a departing worker's cases. */
@ApiTags('case assignment')
@ApiBearerAuth()
@Controller('api')
export class CaseAssignmentController {
  constructor(private readonly assignment: CaseAssignmentService) {}

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
