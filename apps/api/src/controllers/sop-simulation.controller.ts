import { Body, Controller, HttpCode, Param, ParseIntPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { SopDraftsService } from '@app/sop-drafts';
import { Permission } from '@app/identity';
import { PREVIEW_FORM_SCHEMA, SIMULATION_SCHEMA, SimulationSource, SopSimulationService } from '@app/sop-simulation';
import { Locale } from '../http/request-context';

const PREVIEW = 'A form as a role sees it on a case within its reach: each field fillable, read-only or hidden, with its label in the language';
const SIMULATE =
  'A synthetic case through the pack, nothing stored: registration with the start form, then each action as its role; after each, the step, deadlines and their due dates, alerts and the messages to whom, transitions per role with the reasons of refusals, and fields per role';

/** Administrators try a draft or a published version of the pack without touching real cases. */
@ApiTags('sop')
@ApiBearerAuth()
@Controller('api/sop')
export class SopSimulationController {
  constructor(
    private readonly simulation: SopSimulationService,
    private readonly drafts: SopDraftsService,
  ) {}

  @Post('drafts/:id/preview-form')
  @HttpCode(200)
  @Permission('administer')
  @ApiOperation({ summary: `${PREVIEW} (a draft)` })
  @ApiBody({ schema: PREVIEW_FORM_SCHEMA })
  async previewDraftForm(@Param('id', ParseIntPipe) id: number, @Body() body: unknown, @Locale() locale: string) {
    return this.simulation.previewForm(await this.draft(id), body, locale);
  }

  @Post('drafts/:id/simulate')
  @HttpCode(200)
  @Permission('administer')
  @ApiOperation({ summary: `${SIMULATE} (a draft)` })
  @ApiBody({ schema: SIMULATION_SCHEMA })
  async simulateDraft(@Param('id', ParseIntPipe) id: number, @Body() body: unknown, @Locale() locale: string) {
    return this.simulation.simulate(await this.draft(id), body, locale);
  }

  @Post('versions/:id/preview-form')
  @HttpCode(200)
  @Permission('administer')
  @ApiOperation({ summary: `${PREVIEW} (a published version)` })
  @ApiBody({ schema: PREVIEW_FORM_SCHEMA })
  previewVersionForm(@Param('id', ParseIntPipe) id: number, @Body() body: unknown, @Locale() locale: string) {
    return this.simulation.previewForm({ kind: 'version', id }, body, locale);
  }

  @Post('versions/:id/simulate')
  @HttpCode(200)
  @Permission('administer')
  @ApiOperation({ summary: `${SIMULATE} (a published version)` })
  @ApiBody({ schema: SIMULATION_SCHEMA })
  simulateVersion(@Param('id', ParseIntPipe) id: number, @Body() body: unknown, @Locale() locale: string) {
    return this.simulation.simulate({ kind: 'version', id }, body, locale);
  }

  private async draft(id: number): Promise<SimulationSource> {
    const { revision, files } = await this.drafts.get(id);
    return { kind: 'draft', id, revision, files };
  }
}
