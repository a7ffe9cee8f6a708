import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Permission } from '@app/identity';
import { lintPack } from '@app/sop';
import { SopRegistry } from '@app/sop-registry';

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
