import { Module } from '@nestjs/common';
import { SopRegistryModule } from '@app/sop-registry';
import { SopDraftsRepository } from './sop-drafts.repository';
import { SopDraftsService } from './sop-drafts.service';

/** Drafts of the SOP pack that administrators edit together through the API, then publish (AuditModule is global: import it beside). */
@Module({
  imports: [SopRegistryModule],
  providers: [SopDraftsRepository, SopDraftsService],
  exports: [SopDraftsService],
})
export class SopDraftsModule {}
