import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { DomainError } from '@app/core';
import {
  BREAK_GLASS_SCHEMA, CaseConsentService, CaseGrantsService, PermissionInsightService, RECORD_CONSENT_SCHEMA, SHARE_SCHEMA,
} from '@app/cases';
import { CurrentUser, Permission } from '@app/identity';
import { Locale, User } from '../http/request-context';

function optionalInt(v: unknown, name: string): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || !/^\d{1,12}$/.test(v)) {
    throw new DomainError('validation_failed', `${name} must be a positive integer.`, { errors: [{ path: `/${name}`, message: 'must be a positive integer' }] });
  }
  return Number(v);
}

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
  @ApiOperation({ summary: 'Share the case with a user (e.g. a doctor); needs the pack\'s sharing consent or an override reason' })
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
  @ApiOperation({ summary: 'Open a case outside your scope for a limited time, giving a reason (audited; the owner\'s supervisor is told)' })
  @ApiBody({ schema: BREAK_GLASS_SCHEMA })
  breakGlass(@User() user: CurrentUser, @Param('id') id: string, @Body() body: unknown) {
    return this.grants.breakGlass(user, id, body);
  }

  @Get('forms/:formId/schema')
  @Permission('authenticated')
  @ApiOperation({ summary: 'The form\'s JSON Schema as you may see it on this case: hidden fields removed, read-only fields marked' })
  formSchema(@User() user: CurrentUser, @Locale() locale: string, @Param('id') id: string, @Param('formId') formId: string) {
    return this.insight.caseFormSchema(user, id, formId, locale);
  }

  @Get('audit')
  @Permission('authenticated')
  @ApiOperation({ summary: 'The audit trail of the case (roles with read audit on it), newest first' })
  @ApiQuery({ name: 'limit', required: false }) @ApiQuery({ name: 'before', required: false, description: 'the previous page\'s nextBefore' })
  auditTrail(@User() user: CurrentUser, @Param('id') id: string, @Query('limit') limit?: unknown, @Query('before') before?: unknown) {
    if (before !== undefined && (typeof before !== 'string' || before.length > 200)) {
      throw new DomainError('validation_failed', 'before must be the nextBefore of the previous page.', { errors: [{ path: '/before', message: 'invalid cursor' }] });
    }
    return this.insight.caseTrail(user, id, { limit: optionalInt(limit, 'limit'), before: before as string | undefined });
  }
}
