import { Module } from '@nestjs/common';
import { SopRegistryModule } from '@app/sop-registry';
import { CaseAccessService } from './case-access';
import { CaseEventHooks } from './case-hooks';
import { CaseFormsService } from './case-forms.service';
import { CaseQueriesService } from './case-queries.service';
import { CaseRegistrationService } from './case-registration.service';
import { CaseWorkflowService } from './case-workflow.service';
import { CaseWriter } from './case-writer';
import { DeadlineSync } from './deadline-sync';
import { CaseRecordsRepository } from './repositories/case-records.repository';
import { CasesRepository } from './repositories/cases.repository';
import { CaseGrantsRepository } from './repositories/case-grants.repository';

@Module({
  imports: [SopRegistryModule],
  providers: [
    CasesRepository, CaseRecordsRepository, CaseGrantsRepository, CaseAccessService, CaseEventHooks, DeadlineSync, CaseWriter,
    CaseRegistrationService, CaseFormsService, CaseWorkflowService, CaseQueriesService,
  ],
  exports: [CaseRegistrationService, CaseFormsService, CaseWorkflowService, CaseQueriesService, CaseEventHooks],
})
export class CasesModule {}
