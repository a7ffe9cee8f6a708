import { Module } from '@nestjs/common';
import { SopRegistryModule } from '@app/sop-registry';
import { SopSimulationService } from './sop-simulation.service';
import { TemplatePreviewService } from './template-preview.service';

/** Form previews and synthetic cases on a draft or a published version of the pack (nothing stored). */
@Module({
  imports: [SopRegistryModule],
  providers: [SopSimulationService, TemplatePreviewService],
  exports: [SopSimulationService, TemplatePreviewService],
})
export class SopSimulationModule {}
