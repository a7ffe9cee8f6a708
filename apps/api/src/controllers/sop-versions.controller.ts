import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentUser, Permission } from '@app/identity';
import { diffPacks } from '@app/sop';
import { SopBundles, SopRegistry } from '@app/sop-registry';
import { User } from '../http/request-context';

/** Administrators compare published versions and move them between installations as bundles. */
@ApiTags('sop')
@ApiBearerAuth()
@Controller('api/sop')
export class SopVersionsController {
  constructor(
    private readonly registry: SopRegistry,
    private readonly bundles: SopBundles,
  ) {}

  @Get('versions/:from/diff/:to')
  @Permission('administer')
  @ApiOperation({
    summary:
      'What changed from one published version to another (version ids, as `GET /api/sop/versions` lists them): `changes`, each a stable `kind`, the element it concerns with its label, and before/after values; `labels` of the ids those values name',
  })
  async diff(@Param('from', ParseIntPipe) from: number, @Param('to', ParseIntPipe) to: number) {
    const [before, after] = await Promise.all([this.registry.get(from), this.registry.get(to)]);
    return {
      from: { versionId: before.versionId, version: before.version },
      to: { versionId: after.versionId, version: after.version },
      ...diffPacks(before.pack, after.pack),
    };
  }

  @Get('versions/:id/bundle')
  @Permission('administer')
  @ApiOperation({
    summary: 'A published version as one file (a bundle: its pack files, pack id, version and content hash), to import into another installation',
  })
  async bundle(@Param('id', ParseIntPipe) id: number, @Res({ passthrough: true }) res: Response) {
    const bundle = await this.bundles.exportVersion(id);
    res.setHeader('Content-Disposition', `attachment; filename="${bundle.packId.replace(/[^\w.-]/g, '_')}-v${bundle.version}.sop-bundle.json"`);
    return bundle;
  }

  @Post('bundles')
  @HttpCode(201)
  @Permission('administer')
  @ApiOperation({
    summary:
      'Import a bundle and publish it: its content hash is recomputed (422 sop_bundle_hash_mismatch when it differs, nothing published), then it is validated and linted as a publish is; identical content already published is a no-op (`created: false`)',
  })
  importBundle(@User() user: CurrentUser, @Body() body: unknown) {
    return this.bundles.importBundle(body, user.username);
  }
}
