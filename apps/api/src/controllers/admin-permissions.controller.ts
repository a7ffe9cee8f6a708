import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { DomainError } from '@app/core';
import { EXPLAIN_SCHEMA, PermissionInsightService } from '@app/cases';
import { Permission } from '@app/identity';
import { queryText } from '../http/query-params';
import { Locale } from '../http/request-context';

/** Administrators: why a user may or may not do something, and any form as any role. */
@ApiTags('administration')
@ApiBearerAuth()
@Controller('api/admin')
export class AdminPermissionsController {
  constructor(private readonly insight: PermissionInsightService) {}

  @Post('permissions/explain')
  @HttpCode(200)
  @Permission('administer')
  @ApiOperation({ summary: "Why can or can't this user do this (to this case / field)? Names the deciding rule and each condition" })
  @ApiBody({ schema: EXPLAIN_SCHEMA })
  explain(@Body() body: unknown) {
    return this.insight.explain(body);
  }

  @Get('forms/:formId/preview')
  @Permission('administer')
  @ApiOperation({ summary: 'A form as a role sees it: each field hidden, read-only or fillable, and the pruned schema' })
  @ApiQuery({ name: 'role', required: true })
  @ApiQuery({ name: 'caseType', required: false })
  @ApiQuery({ name: 'step', required: false })
  preview(
    @Locale() locale: string,
    @Param('formId') formId: string,
    @Query('role') role: unknown,
    @Query('caseType') caseType: unknown,
    @Query('step') step: unknown,
  ) {
    const roleId = queryText(role, 'role', 100);
    if (!roleId)
      throw new DomainError('validation_failed', 'Name the role to preview as: ?role=teacher.', { errors: [{ path: '/role', message: 'required' }] });
    return this.insight.previewForm(formId, roleId, { caseType: queryText(caseType, 'caseType', 100), step: queryText(step, 'step', 100), locale });
  }
}
