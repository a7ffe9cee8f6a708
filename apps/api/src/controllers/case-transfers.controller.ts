import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { CANCEL_TRANSFER_SCHEMA, CaseTransfersService, DECLINE_TRANSFER_SCHEMA, REQUEST_TRANSFER_SCHEMA, TransferReceivers } from '@app/referrals';
import { CurrentUser, Permission } from '@app/identity';
import { queryText } from '../http/query-params';
import { Locale, User } from '../http/request-context';

/** Transfers of a case to another worker, team, agency or location; ownership changes only on acceptance. */
@ApiTags('case transfers')
@ApiBearerAuth()
@Controller('api')
export class CaseTransfersController {
  constructor(
    private readonly transfers: CaseTransfersService,
    private readonly receivers: TransferReceivers,
  ) {}

  @Get('cases/:id/transfer-receivers')
  @Permission('authenticated')
  @ApiOperation({
    summary:
      "Workers the case may be transferred to (needs `transfer`): those whose roles would let them read and work it once it is theirs; by name, role labels and the place the case would go; `name` narrows by part of the worker's name; at most 50",
  })
  @ApiQuery({ name: 'name', required: false })
  receiversFor(@User() user: CurrentUser, @Locale() locale: string, @Param('id') id: string, @Query('name') name: unknown) {
    return this.receivers.list(user, id, queryText(name, 'name', 100), locale);
  }

  @Post('cases/:id/transfers')
  @Permission('authenticated')
  @ApiOperation({
    summary:
      "Ask to transfer the case to another worker (and their team, agency, location); needs the pack's `transfer` permission; one pending transfer per case",
  })
  @ApiBody({ schema: REQUEST_TRANSFER_SCHEMA })
  request(@User() user: CurrentUser, @Param('id') id: string, @Body() body: unknown) {
    return this.transfers.request(user, id, body);
  }

  @Get('cases/:id/transfers')
  @Permission('authenticated')
  @ApiOperation({ summary: 'Transfers of the case, newest first (for those who may read the case)' })
  forCase(@User() user: CurrentUser, @Locale() locale: string, @Param('id') id: string) {
    return this.transfers.forCase(user, id, locale);
  }

  @Get('transfers')
  @Permission('authenticated')
  @ApiOperation({
    summary: 'Transfers to me, or to the team I supervise, newest first; shows the case number, type and step, never the name of the person the case is about',
  })
  @ApiQuery({ name: 'status', required: false, enum: ['pending', 'accepted', 'declined', 'cancelled'] })
  incoming(@User() user: CurrentUser, @Locale() locale: string, @Query('status') status: unknown) {
    return this.transfers.incoming(user, queryText(status, 'status', 20), locale);
  }

  @Get('transfers/:transferId')
  @Permission('authenticated')
  @ApiOperation({
    summary: "One transfer, for its requester, receiver, the receiving team's supervisors and the case's readers",
  })
  one(@User() user: CurrentUser, @Locale() locale: string, @Param('transferId') transferId: string) {
    return this.transfers.one(user, transferId, locale);
  }

  @Post('transfers/:transferId/accept')
  @HttpCode(200)
  @Permission('authenticated')
  @ApiOperation({
    summary: 'Accept a pending transfer (the receiver or a supervisor of the receiving team): the case changes owner, team, agency and location now',
  })
  accept(@User() user: CurrentUser, @Param('transferId') transferId: string) {
    return this.transfers.accept(user, transferId);
  }

  @Post('transfers/:transferId/decline')
  @HttpCode(200)
  @Permission('authenticated')
  @ApiOperation({ summary: 'Decline a pending transfer with a reason (the receiver or a supervisor of the receiving team); the case does not change' })
  @ApiBody({ schema: DECLINE_TRANSFER_SCHEMA })
  decline(@User() user: CurrentUser, @Param('transferId') transferId: string, @Body() body: unknown) {
    return this.transfers.decline(user, transferId, body);
  }

  @Post('transfers/:transferId/cancel')
  @HttpCode(200)
  @Permission('authenticated')
  @ApiOperation({ summary: 'Cancel a pending transfer with a reason (the requester, or anyone who may transfer the case)' })
  @ApiBody({ schema: CANCEL_TRANSFER_SCHEMA })
  cancel(@User() user: CurrentUser, @Param('transferId') transferId: string, @Body() body: unknown) {
    return this.transfers.cancel(user, transferId, body);
  }
}
