import { CaseViews } from './case-views';
import { Module } from '@nestjs/common';
import { IdentityModule } from '@app/identity';
import { NotificationsModule } from '@app/notifications';
import { SopRegistryModule } from '@app/sop-registry';
import { CaseAudit } from './case-audit';
import { CaseConsentService } from './case-consent.service';
import { FormConsentRecorder } from './consent-from-forms';
import { CaseGrantsService } from './case-grants.service';
import { PermissionInsightService } from './permission-insight.service';
import { CaseConsentsRepository } from './repositories/case-consents.repository';
import { CaseAccessService } from './case-access';
import { CaseEventHooks } from './case-hooks';
import { CaseFactSources } from './case-facts';
import { CaseSnapshots } from './case-snapshots';
import { CaseFormsService } from './case-forms.service';
import { CaseQueriesService } from './case-queries.service';
import { CaseRegistrationService } from './case-registration.service';
import { CaseWorkflowService } from './case-workflow.service';
import { CaseWriter } from './case-writer';
import { DeadlineSync } from './deadline-sync';
import { CaseRecordsRepository } from './repositories/case-records.repository';
import { CasesRepository } from './repositories/cases.repository';
import { CaseGrantsRepository } from './repositories/case-grants.repository';
import { ReferralsRepository } from './repositories/referrals.repository';
import { CaseRecipients } from './case-recipients';
import { CaseAnnotationsRepository } from './repositories/case-annotations.repository';
import { CaseAnnotationsService } from './case-annotations.service';
import { CaseAssignmentService } from './case-assignment.service';
import { CaseLinksService } from './case-links.service';
import { CasePeopleService } from './case-people.service';
import { ApprovalsInboxService } from './approvals-inbox.service';
import { PluginCaseGateway } from './plugin-case-gateway';
import { CaseIntakeService } from './intake/case-intake.service';
import { IntakeRepository } from './intake/intake.repository';
import { TeamWorkloadRepository } from './repositories/team-workload.repository';
import { TeamWorkloadService } from './team-workload.service';

/**
 * Case core: registration, forms, workflow, queries, consent, sharing, annotations, links, assignment,
 * intake, and the writer every change to a case goes through. Deadlines (@app/case-deadlines),
 * referrals and transfers (@app/referrals), the service directory (@app/service-directory) and the
 * data-quality report (@app/data-quality) are built on it.
 */
@Module({
  imports: [SopRegistryModule, IdentityModule, NotificationsModule],
  providers: [
    CasesRepository,
    CaseRecordsRepository,
    CaseGrantsRepository,
    CaseAccessService,
    CaseEventHooks,
    CaseFactSources,
    CaseSnapshots,
    DeadlineSync,
    CaseWriter,
    CaseRegistrationService,
    CaseFormsService,
    CaseWorkflowService,
    CaseQueriesService,
    CaseViews,
    CaseConsentsRepository,
    CaseAudit,
    CaseConsentService,
    FormConsentRecorder,
    CaseGrantsService,
    PermissionInsightService,
    CaseRecipients,
    CaseAnnotationsRepository,
    CaseAnnotationsService,
    CaseAssignmentService,
    CaseLinksService,
    CasePeopleService,
    ReferralsRepository,
    ApprovalsInboxService,
    PluginCaseGateway,
    IntakeRepository,
    CaseIntakeService,
    TeamWorkloadRepository,
    TeamWorkloadService,
  ],
  exports: [
    // What the apps and the plugin host use.
    CaseRegistrationService,
    CaseFormsService,
    CaseWorkflowService,
    CaseQueriesService,
    CaseEventHooks,
    CaseFactSources,
    CaseConsentService,
    CaseGrantsService,
    PermissionInsightService,
    CaseAnnotationsService,
    CaseAssignmentService,
    CaseLinksService,
    CasePeopleService,
    ApprovalsInboxService,
    PluginCaseGateway,
    CaseIntakeService,
    TeamWorkloadService,
    // What the case-deadlines, referrals and data-quality libs are built on.
    CasesRepository,
    CaseRecordsRepository,
    CaseGrantsRepository,
    ReferralsRepository,
    CaseAccessService,
    CaseWriter,
    CaseAudit,
    CaseRecipients,
  ],
})
export class CasesModule {}
