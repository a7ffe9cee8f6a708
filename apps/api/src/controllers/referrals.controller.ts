import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOkResponse, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import {
  AUTHORISE_REFERRAL_SCHEMA,
  MAKE_REFERRAL_SCHEMA,
  REFERRAL_FOLLOW_UP_SCHEMA,
  ReferralDecisionsService,
  ReferralFormService,
  ReferralsService,
  RESPOND_REFERRAL_SCHEMA,
  REVOKE_REFERRAL_SCHEMA,
} from '@app/referrals';
import { DomainError } from '@app/core';
import { CurrentUser, Permission } from '@app/identity';
import { queryText } from '../http/query-params';
import { Locale, User } from '../http/request-context';

/**
 * Referrals of a case to a service provider. Who may do what is the pack's rules (case `refer`,
 * referral `read`/`respond`/`authorise`), checked in the services on every call.
 */
@ApiTags('referrals')
@ApiBearerAuth()
@Controller('api')
export class ReferralsController {
  constructor(
    private readonly referrals: ReferralsService,
    private readonly decisions: ReferralDecisionsService,
    private readonly forms: ReferralFormService,
  ) {}

  @Post('cases/:id/referrals')
  @Permission('authenticated')
  @ApiOperation({
    summary: "Refer the case to a provider, sharing the chosen forms (within the service type's limits); needs the referral consent or a permitted override",
  })
  @ApiBody({ schema: MAKE_REFERRAL_SCHEMA })
  make(@User() user: CurrentUser, @Param('id') id: string, @Body() body: unknown) {
    return this.referrals.make(user, id, body);
  }

  @Get('cases/:id/referrals')
  @Permission('authenticated')
  @ApiOperation({ summary: 'Referrals of the case, newest first (for those who may read the case)' })
  forCase(@User() user: CurrentUser, @Locale() locale: string, @Param('id') id: string) {
    return this.referrals.forCase(user, id, locale);
  }

  @Get('referrals')
  @Permission('authenticated')
  @ApiOperation({ summary: 'Referrals for me: `box=incoming` (sent to my agency, default) or `box=to_authorise` (waiting for my authorisation)' })
  @ApiQuery({ name: 'box', required: false, enum: ['incoming', 'to_authorise'] })
  @ApiQuery({ name: 'status', required: false })
  list(@User() user: CurrentUser, @Locale() locale: string, @Query('box') box: unknown, @Query('status') status: unknown) {
    const which = queryText(box, 'box', 20) ?? 'incoming';
    if (which === 'to_authorise') return this.referrals.toAuthorise(user, locale);
    if (which !== 'incoming')
      throw new DomainError('validation_failed', 'box must be incoming or to_authorise', { errors: [{ path: '/box', message: 'unknown box' }] });
    return this.referrals.incoming(user, queryText(status, 'status', 30), locale);
  }

  @Get('referrals/:referralId')
  @Permission('authenticated')
  @ApiOperation({ summary: 'One referral; the receiving provider also gets the shared sections (and nothing else) while it is sent or accepted' })
  get(@User() user: CurrentUser, @Locale() locale: string, @Param('referralId') id: string) {
    return this.referrals.get(user, id, locale);
  }

  @Get('referrals/:referralId/form')
  @Permission('authenticated')
  @ApiOperation({ summary: "The printable referral form (HTML, or plain text with format=text) from the pack's referral_form template" })
  @ApiQuery({ name: 'format', required: false, enum: ['html', 'text'] })
  @ApiProduces('text/html', 'text/plain')
  @ApiOkResponse({ description: 'The referral form', schema: { type: 'string' } })
  async form(@User() user: CurrentUser, @Locale() locale: string, @Param('referralId') id: string, @Query('format') format: unknown, @Res() res: Response) {
    const f = queryText(format, 'format', 10) ?? 'html';
    if (f !== 'html' && f !== 'text')
      throw new DomainError('validation_failed', 'format must be html or text', { errors: [{ path: '/format', message: 'unknown format' }] });
    const out = await this.forms.render(user, id, f, locale);
    res.status(200).type(out.contentType).send(out.body);
  }

  @Post('referrals/:referralId/authorise')
  @HttpCode(200)
  @Permission('authenticated')
  @ApiOperation({ summary: 'Authorise a referral that waits for it (it is then sent), or refuse it with a note' })
  @ApiBody({ schema: AUTHORISE_REFERRAL_SCHEMA })
  authorise(@User() user: CurrentUser, @Param('referralId') id: string, @Body() body: unknown) {
    return this.decisions.authorise(user, id, body);
  }

  @Post('referrals/:referralId/respond')
  @HttpCode(200)
  @Permission('authenticated')
  @ApiOperation({ summary: 'The provider accepts or declines (with a reason); for a provider outside the platform the referring side records its answer' })
  @ApiBody({ schema: RESPOND_REFERRAL_SCHEMA })
  respond(@User() user: CurrentUser, @Param('referralId') id: string, @Body() body: unknown) {
    return this.decisions.respond(user, id, body);
  }

  @Post('referrals/:referralId/follow-up')
  @HttpCode(200)
  @Permission('authenticated')
  @ApiOperation({
    summary: "The referring worker records whether the service was received and answers the pack's follow-up questions (the referral is then done)",
  })
  @ApiBody({ schema: REFERRAL_FOLLOW_UP_SCHEMA })
  followUp(@User() user: CurrentUser, @Param('referralId') id: string, @Body() body: unknown) {
    return this.decisions.followUp(user, id, body);
  }

  @Post('referrals/:referralId/revoke')
  @HttpCode(200)
  @Permission('authenticated')
  @ApiOperation({ summary: 'Withdraw a referral with a reason; the provider stops seeing what it shared' })
  @ApiBody({ schema: REVOKE_REFERRAL_SCHEMA })
  revoke(@User() user: CurrentUser, @Param('referralId') id: string, @Body() body: unknown) {
    return this.decisions.revoke(user, id, body);
  }
}
