import { Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { ClockModule } from '@app/core';
import { CasesModule } from '@app/cases';
import { DatabaseModule } from '@app/database';
import { AuditModule } from '@app/audit';
import { IdentityModule } from '@app/identity';
import { NotificationsModule } from '@app/notifications';
import { SchedulerModule } from '@app/scheduler';
import { ReportingModule } from '@app/reporting';
import { SopRegistryModule } from '@app/sop-registry';
import { CaseWorkflowController } from './controllers/case-workflow.controller';
import { CasesController } from './controllers/cases.controller';
import { SopController } from './controllers/sop.controller';
import { AdminPermissionsController } from './controllers/admin-permissions.controller';
import { AdminSopController } from './controllers/admin-sop.controller';
import { CaseSafeguardsController } from './controllers/case-safeguards.controller';
import { InboxController } from './controllers/inbox.controller';
import { DeadlinesController } from './controllers/deadlines.controller';
import { DataQualityController } from './controllers/data-quality.controller';
import { CaseAnnotationsController } from './controllers/case-annotations.controller';
import { CaseAssignmentController } from './controllers/case-assignment.controller';
import { ServiceDirectoryController } from './controllers/service-directory.controller';
import { ReferralsController } from './controllers/referrals.controller';
import { CaseTransfersController } from './controllers/case-transfers.controller';
import { ReportsController } from './controllers/reports.controller';
import { ReportExportsController } from './controllers/report-exports.controller';
import { AdminNotificationsController } from './controllers/admin-notifications.controller';
import { AuthController } from './controllers/auth.controller';
import { SystemController } from './controllers/system.controller';
import { AuthGuard } from './http/auth.guard';
import { ProblemDetailsFilter } from './http/problem-details.filter';
import { DemoCasesSeeder } from './demo-cases.seeder';
import { StartupService } from './startup.service';
import { SignInAudit } from './sign-in-audit';

@Module({
  imports: [ClockModule, DatabaseModule, AuditModule, IdentityModule, NotificationsModule, SopRegistryModule, CasesModule, SchedulerModule, ReportingModule],
  controllers: [
    SystemController, AuthController, SopController, CasesController, CaseWorkflowController, CaseSafeguardsController,
    AdminPermissionsController, InboxController, DeadlinesController, CaseAnnotationsController, CaseAssignmentController, ServiceDirectoryController, AdminNotificationsController,
    ReferralsController, CaseTransfersController, AdminSopController, DataQualityController, ReportsController, ReportExportsController,
  ],
  providers: [
    StartupService,
    SignInAudit,
    DemoCasesSeeder,
    { provide: APP_GUARD, useClass: AuthGuard },
    { provide: APP_FILTER, useClass: ProblemDetailsFilter },
  ],
})
export class AppModule {}
