import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { validateCommand } from '@app/core';
import { CurrentUser, Permission } from '@app/identity';
import { markConsentDecisions } from '@app/sop';
import { SopRegistry } from '@app/sop-registry';
import { Locale, User } from '../http/request-context';

const PUBLISH_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['files'],
  properties: { files: { type: 'object', minProperties: 1 }, note: { type: 'string', maxLength: 500 } },
};

@ApiTags('sop')
@ApiBearerAuth()
@Controller('api/sop')
export class SopController {
  constructor(private readonly registry: SopRegistry) {}

  @Get()
  @Permission('authenticated')
  @ApiOperation({ summary: 'The SOP version new cases start on, with every form as JSON Schema (labels in the requested locale)' })
  async current(@Locale() locale: string) {
    const sop = await this.registry.current();
    const { pack } = sop;
    return {
      packId: sop.packId,
      version: sop.version,
      versionId: sop.versionId,
      publishedAt: sop.publishedAt.toISOString(),
      manifest: pack.manifest,
      workflow: pack.workflow,
      deadlines: pack.deadlines,
      roles: pack.roles,
      locations: pack.locations,
      optionLists: pack.optionLists,
      organisations: pack.organisations,
      forms: pack.forms.map((f) => ({
        id: f.id,
        version: f.version,
        title: f.title,
        // Consent questions' options say which decision each records (e.g. a withdrawal, not offered at registration).
        schema: markConsentDecisions(sop.forms.jsonSchema(f.id, locale), f.id, pack.security.consent.fromForms),
        uiSchema: f.uiSchema ?? {},
      })),
    };
  }

  @Get('versions')
  @Permission('administer')
  @ApiOperation({ summary: 'Published versions of the active pack (administrators)' })
  versions() {
    return this.registry.listVersions();
  }

  @Post('versions')
  @HttpCode(201)
  @Permission('administer')
  @ApiOperation({ summary: 'Publish a pack (files keyed pack.json, workflow.json, ..., forms/<id>.v<n>.json) as a new immutable version' })
  async publish(@User() user: CurrentUser, @Body() body: unknown) {
    const cmd = validateCommand<{ files: Record<string, unknown>; note?: string }>(PUBLISH_SCHEMA, body);
    const { sop, created } = await this.registry.publish(cmd.files, user.username, cmd.note ?? null);
    return { packId: sop.packId, version: sop.version, versionId: sop.versionId, created };
  }
}
