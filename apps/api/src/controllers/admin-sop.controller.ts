import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Permission } from '@app/identity';
import { lintPack } from '@app/sop';
import { SopRegistry } from '@app/sop-registry';

const ISSUE_SCHEMA = {
  type: 'object',
  required: ['file', 'path', 'code', 'message', 'severity'],
  properties: {
    file: { type: 'string', example: 'workflow.json' },
    path: { type: 'string', example: '$.transitions[3].approval.roles' },
    code: { type: 'string', example: 'self_approval' },
    message: { type: 'string' },
    severity: { type: 'string', enum: ['error', 'warning'] },
  },
};

const LINT_SCHEMA = {
  type: 'object',
  required: ['packId', 'version', 'valid', 'errors', 'warnings', 'issues'],
  properties: {
    packId: { type: 'string', example: 'moldova' },
    version: { type: 'integer', example: 1 },
    versionId: { type: 'integer' },
    publishedAt: { type: 'string', format: 'date-time' },
    valid: { type: 'boolean', description: 'Always true: publishing refuses a pack that fails validation or has lint errors.' },
    errors: { type: 'integer', description: 'Lint issues of severity error' },
    warnings: { type: 'integer', description: 'Lint issues of severity warning' },
    issues: { type: 'array', items: ISSUE_SCHEMA },
  },
};

/** Administrators: the quality checks of the SOP pack the deployment runs. */
@ApiTags('administration')
@ApiBearerAuth()
@Controller('api/admin/sop')
export class AdminSopController {
  constructor(private readonly registry: SopRegistry) {}

  @Get('lint')
  @Permission('administer')
  @ApiOperation({
    summary:
      'Validation and lint results of the current published pack: always valid (publishing refuses invalid packs), with the lint errors and warnings by file and JSON path',
  })
  @ApiOkResponse({ schema: LINT_SCHEMA })
  async lint() {
    const sop = await this.registry.current();
    const issues = lintPack(sop.pack).map(({ file, path, code, message, severity }) => ({ file, path, code, message, severity }));
    return {
      packId: sop.packId,
      version: sop.version,
      versionId: sop.versionId,
      publishedAt: sop.publishedAt.toISOString(),
      valid: true,
      errors: issues.filter((i) => i.severity === 'error').length,
      warnings: issues.filter((i) => i.severity === 'warning').length,
      issues,
    };
  }
}
