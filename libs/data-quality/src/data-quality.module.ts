import { Module } from '@nestjs/common';
import { CasesModule } from '@app/cases';
import { SopRegistryModule } from '@app/sop-registry';
import { DataQualityReportService } from './data-quality-report.service';
import { DataQualityRepository } from './data-quality.repository';

/**
 * The data-quality report: the pack's checks run over the cases a user may read. The checks made when
 * a form is saved are the case core's (@app/cases, data-quality-at-entry).
 */
@Module({
  imports: [CasesModule, SopRegistryModule],
  providers: [DataQualityRepository, DataQualityReportService],
  exports: [DataQualityReportService],
})
export class DataQualityModule {}
