import { Module } from '@nestjs/common';
import { IdentityModule } from '@app/identity';
import { NotificationsModule } from '@app/notifications';
import { SopRegistryModule } from '@app/sop-registry';
import { CaseAudit } from './case-audit';
import { CaseConsentService } from './case-consent.service';
import { CaseGrantsService } from './case-grants.service';
import { PermissionInsightService } from './permission-insight.service';
import { CaseConsentsRepository } from './repositories/case-consents.repository';
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
import { DeadlineAlertsRepository } from './repositories/deadline-alerts.repository';
import { WorklistRepository } from './repositories/worklist.repository';
import { CaseRecipients } from './deadlines/case-recipients';
import { DeadlineAlerter } from './deadlines/deadline-alerter';
import { DeadlineWorklistService } from './deadlines/deadline-worklist.service';
import { DailyDigest } from './deadlines/daily-digest';
import { CaseAnnotationsRepository } from './repositories/case-annotations.repository';
import { CaseAnnotationsService } from './case-annotations.service';
import { CaseAssignmentService } from './case-assignment.service';
import { CaseLinksService } from './case-links.service';
import { ServiceDirectoryService } from './service-directory/service-directory.service';
import { ServiceProvidersRepository } from './service-directory/service-providers.repository';
import { ReferralsRepository } from './referrals/referrals.repository';
import { ReferralsService } from './referrals/referrals.service';
import { ReferralAccess } from './referrals/referral-access';
import { ReferralDecisionsService } from './referrals/referral-decisions.service';
import { ReferralNotices } from './referrals/referral-notices';
import { ReferralFormService } from './referrals/referral-form.service';
import { ApprovalsInboxService } from './approvals-inbox.service';
import { PluginCaseGateway } from './plugin-case-gateway';
import { CaseTransfersRepository } from './transfers/case-transfers.repository';
import { CaseTransfersService } from './transfers/case-transfers.service';
import { DataQualityRepository } from './data-quality/data-quality.repository';
import { DataQualityReportService } from './data-quality/data-quality-report.service';
import { CaseIntakeService } from './intake/case-intake.service';
import { IntakeRepository } from './intake/intake.repository';

@Module({
  imports: [SopRegistryModule, IdentityModule, NotificationsModule],
  providers: [
    CasesRepository, CaseRecordsRepository, CaseGrantsRepository, CaseAccessService, CaseEventHooks, DeadlineSync, CaseWriter,
    CaseRegistrationService, CaseFormsService, CaseWorkflowService, CaseQueriesService,
    CaseConsentsRepository, CaseAudit, CaseConsentService, CaseGrantsService, PermissionInsightService,
    CaseRecipients, DeadlineAlertsRepository, DeadlineAlerter, WorklistRepository, DeadlineWorklistService, DailyDigest,
    CaseAnnotationsRepository, CaseAnnotationsService, CaseAssignmentService, CaseLinksService,
    ServiceProvidersRepository, ServiceDirectoryService,
    ReferralsRepository, ReferralsService, ReferralAccess, ReferralDecisionsService, ReferralNotices, ReferralFormService,
    CaseTransfersRepository, CaseTransfersService, ApprovalsInboxService, DataQualityRepository, DataQualityReportService,
    PluginCaseGateway, IntakeRepository, CaseIntakeService,
  ],
  exports: [
    CaseRegistrationService, CaseFormsService, CaseWorkflowService, CaseQueriesService, CaseEventHooks,
    CaseConsentService, CaseGrantsService, PermissionInsightService,
    DeadlineAlerter, DeadlineWorklistService, DailyDigest, DeadlineAlertsRepository, CaseAnnotationsService, CaseAssignmentService, CaseLinksService,
    ServiceDirectoryService, ReferralsService, ReferralDecisionsService, ReferralFormService, CaseTransfersService, ApprovalsInboxService, DataQualityReportService,
    PluginCaseGateway, CaseIntakeService,
  ],
})
export class CasesModule {}
