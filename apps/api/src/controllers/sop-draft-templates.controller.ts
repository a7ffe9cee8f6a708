import { Body, Controller, HttpCode, Param, ParseIntPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Permission } from '@app/identity';
import { SopDraftsService } from '@app/sop-drafts';
import { TEMPLATE_PREVIEW_SCHEMA, TemplatePreview, TemplatePreviewService } from '@app/sop-simulation';

/** Administrators see a draft's message template as a recipient would, on a sample case (nothing stored or sent). */
@ApiTags('sop')
@ApiBearerAuth()
@Controller('api/sop/drafts')
export class SopDraftTemplatesController {
  constructor(
    private readonly previews: TemplatePreviewService,
    private readonly drafts: SopDraftsService,
  ) {}

  @Post(':id/templates/:templateId/preview')
  @HttpCode(200)
  @Permission('administer')
  @ApiOperation({
    summary:
      'A message template of the draft rendered on a sample case in a language, with the product template engine; `subject`, `text`, `html` replace the draft sources (unsaved typing). A template that fails its checks answers 200 with `rendered: null` and its problems (part, code, line, column, message)',
  })
  @ApiBody({ schema: TEMPLATE_PREVIEW_SCHEMA })
  async preview(@Param('id', ParseIntPipe) id: number, @Param('templateId') templateId: string, @Body() body: unknown): Promise<TemplatePreview> {
    const { files } = await this.drafts.get(id);
    return this.previews.preview(files, templateId, body);
  }
}
