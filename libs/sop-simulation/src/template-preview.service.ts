import { Injectable } from '@nestjs/common';
import { Clock, validateCommand } from '@app/core';
import type { PackFiles } from '@app/sop';
import { previewTemplate, TEMPLATE_PREVIEW_SCHEMA, TemplatePreview, TemplatePreviewCommand } from './template-preview';

/** Message templates of a draft previewed on a sample case; reads no case and writes nothing. */
@Injectable()
export class TemplatePreviewService {
  constructor(private readonly clock: Clock) {}

  preview(files: PackFiles, templateId: string, body: unknown): TemplatePreview {
    return previewTemplate(files, templateId, validateCommand<TemplatePreviewCommand>(TEMPLATE_PREVIEW_SCHEMA, body), this.clock.now());
  }
}
