import { DynamicModule, Module } from '@nestjs/common';
import { AuditModule } from '@app/audit';
import { CasesModule } from '@app/cases';
import { IdentityModule } from '@app/identity';
import { SopRegistryModule } from '@app/sop-registry';
import { CaseImportRepository } from './case-import.repository';
import { CaseImportResumer } from './case-import.resumer';
import { CaseImportRunner } from './case-import.runner';
import { CaseImportService } from './case-import.service';
import { ImportChecker } from './import-check';

@Module({
  imports: [AuditModule, CasesModule, IdentityModule, SopRegistryModule],
  providers: [CaseImportRepository, ImportChecker, CaseImportService, CaseImportRunner],
  exports: [CaseImportService, CaseImportRunner],
})
export class CaseImportModule {
  /** For the API: jobs left unfinished by a crash or a restart continue at start-up. */
  static resumingJobs(): DynamicModule {
    return { module: CaseImportModule, providers: [CaseImportResumer] };
  }
}
