import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { BREAK_GLASS_SCHEMA, CaseConsentService, CaseGrantsService, PermissionInsightService, RECORD_CONSENT_SCHEMA, SHARE_SCHEMA } from '@app/cases';
import { CurrentUser, Permission } from '@app/identity';
import { queryInt, queryText } from '../http/query-params';
import { Locale, User } from '../http/request-context';

/** Consent, sharing, break-the-glass, the per-user form schema and the audit trail of one case. */
@ApiTags('case safeguards')
@ApiBearerAuth()
@Controller('api/cases/:id')
export class CaseSafeguardsController {
  constructor(
    private readonly consent: CaseConsentService,
    private readonly grants: CaseGrantsService,
    private readonly insight: PermissionInsightService,
  ) {}

  @Get('consents')
  @Permission('authenticated')
  @ApiOperation({ summary: 'Consent and assent per purpose (current state and history)' })
  consents(@User() user: CurrentUser, @Locale() locale: string, @Param('id') id: string) {
    return this.consent.list(user, id, locale);
  }

  @Post('consents')
  @Permission('authenticated')
  @ApiOperation({ summary: 'Record consent or assent for a purpose (who, when, how); records are never edited' })
  @ApiBody({ schema: RECORD_CONSENT_SCHEMA })
  recordConsent(@User() user: CurrentUser, @Param('id') id: string, @Body() body: unknown) {
    return this.consent.record(user, id, body);
  }

  @Get('access')
  @Permission('authenticated')
  @ApiOperation({ summary: 'Who else may reach the case: shares and break-the-glass grants, with history' })
  access(@User() user: CurrentUser, @Param('id') id: string) {
    return this.grants.list(user, id);
  }

  @Post('shares')
  @Permission('authenticated')
  @ApiOperation({ summary: "Share the case with a user (e.g. a doctor); needs the pack's sharing consent or an override reason" })
  @ApiBody({ schema: SHARE_SCHEMA })
  share(@User() user: CurrentUser, @Param('id') id: string, @Body() body: unknown) {
    return this.grants.share(user, id, body);
  }

  @Delete('shares/:grantId')
  @HttpCode(204)
  @Permission('authenticated')
  @ApiOperation({ summary: 'Stop sharing the case with a user' })
  async unshare(@User() user: CurrentUser, @Param('id') id: string, @Param('grantId') grantId: string) {
    await this.grants.revoke(user, id, grantId);
  }

  @Post('break-glass')
  @Permission('authenticated')
  @ApiOperation({ summary: "Open a case outside your scope for a limited time, giving a reason (audited; the owner's supervisor is told)" })
  @ApiBody({ schema: BREAK_GLASS_SCHEMA })
  breakGlass(@User() user: CurrentUser, @Param('id') id: string, @Body() body: unknown) {
    return this.grants.breakGlass(user, id, body);
  }

  @Get('forms/:formId/schema')
  @Permission('authenticated')
  @ApiOperation({ summary: "The form's JSON Schema as you may see it on this case: hidden fields removed, read-only fields marked" })
  formSchema(@User() user: CurrentUser, @Locale() locale: string, @Param('id') id: string, @Param('formId') formId: string) {
    return this.insight.caseFormSchema(user, id, formId, locale);
  }

  @Get('audit')
  @Permission('authenticated')
  @ApiOperation({ summary: 'The audit trail of the case (roles with read audit on it), newest first' })
  @ApiQuery({ name: 'limit', required: false })
  @ApiQuery({ name: 'before', required: false, description: "the previous page's nextBefore" })
  auditTrail(@User() user: CurrentUser, @Param('id') id: string, @Query('limit') limit?: unknown, @Query('before') before?: unknown) {
    return this.insight.caseTrail(user, id, { limit: queryInt(limit, 'limit'), before: queryText(before, 'before') });
  }
}
