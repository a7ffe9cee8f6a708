import { DynamicModule, Module } from '@nestjs/common';
import type { PluginDefinition } from '@app/plugin-sdk';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { ClockModule } from '@app/core';
import { CasesModule } from '@app/cases';
import { CaseMigrationModule } from '@app/case-migration';
import { CaseDeadlinesModule } from '@app/case-deadlines';
import { DataQualityModule } from '@app/data-quality';
import { ReferralsModule } from '@app/referrals';
import { ServiceDirectoryModule } from '@app/service-directory';
import { DatabaseModule } from '@app/database';
import { AuditModule } from '@app/audit';
import { IdentityModule } from '@app/identity';
import { NotificationsModule } from '@app/notifications';
import { SchedulerModule } from '@app/scheduler';
import { ReportingModule } from '@app/reporting';
import { Dhis2ExportModule } from '@app/dhis2-export';
import { PeopleModule } from '@app/people';
import { CaseImportModule } from '@app/case-import';
import { FirstRunModule, SopRegistryModule } from '@app/sop-registry';
import { PluginHostModule } from '@app/plugin-host';
import { SopDraftsModule } from '@app/sop-drafts';
import { SopSimulationModule, WhatIfModule } from '@app/sop-simulation';
import { OfflineSyncModule } from '@app/offline-sync';
import { WebhooksModule } from '@app/webhooks';
import { INSTALLED_PLUGINS } from '../../../plugins';
import { PluginsController } from './controllers/plugins.controller';
import { PluginScreensController } from './controllers/plugin-screens.controller';
import { CaseWorkflowController } from './controllers/case-workflow.controller';
import { CasesController } from './controllers/cases.controller';
import { SopController } from './controllers/sop.controller';
import { AdminPermissionsController } from './controllers/admin-permissions.controller';
import { AdminSopController } from './controllers/admin-sop.controller';
import { SopDraftsController } from './controllers/sop-drafts.controller';
import { SopSimulationController } from './controllers/sop-simulation.controller';
import { OfflineSyncController } from './controllers/offline-sync.controller';
import { OfflineWorkflowController } from './controllers/offline-workflow.controller';
import { SopDraftTemplatesController } from './controllers/sop-draft-templates.controller';
import { SopMigrationsController } from './controllers/sop-migrations.controller';
import { CaseSafeguardsController } from './controllers/case-safeguards.controller';
import { InboxController } from './controllers/inbox.controller';
import { SopWhatIfController } from './controllers/sop-what-if.controller';
import { DeadlinesController } from './controllers/deadlines.controller';
import { DataQualityController } from './controllers/data-quality.controller';
import { CaseAnnotationsController } from './controllers/case-annotations.controller';
import { CaseAssignmentController } from './controllers/case-assignment.controller';
import { IntakeController } from './controllers/intake.controller';
import { ServiceDirectoryController } from './controllers/service-directory.controller';
import { ReferralsController } from './controllers/referrals.controller';
import { CaseTransfersController } from './controllers/case-transfers.controller';
import { ReportsController } from './controllers/reports.controller';
import { Dhis2Controller } from './controllers/dhis2.controller';
import { ReportExportsController } from './controllers/report-exports.controller';
import { AdminNotificationsController } from './controllers/admin-notifications.controller';
import { AuthController } from './controllers/auth.controller';
import { PeopleController } from './controllers/people.controller';
import { PeopleImportController } from './controllers/people-import.controller';
import { CaseImportController } from './controllers/case-import.controller';
import { SystemController } from './controllers/system.controller';
import { SetupController } from './controllers/setup.controller';
import { AuditLogController } from './controllers/audit-log.controller';
import { SopVersionsController } from './controllers/sop-versions.controller';
import { WebhooksController } from './controllers/webhooks.controller';
import { AuthGuard } from './http/auth.guard';
import { ProblemDetailsFilter } from './http/problem-details.filter';
import { UnsafeTextInterceptor } from './http/unsafe-text';
import { DemoCasesSeeder } from './demo-cases.seeder';
import { StartupService } from './startup.service';
import { SignInAudit } from './sign-in-audit';

@Module({
  imports: [
    ClockModule,
    DatabaseModule,
    AuditModule,
    IdentityModule,
    NotificationsModule,
    SopRegistryModule,
    FirstRunModule,
    CasesModule,
    CaseMigrationModule,
    CaseDeadlinesModule,
    ServiceDirectoryModule,
    ReferralsModule,
    DataQualityModule,
    SchedulerModule,
    ReportingModule,
    Dhis2ExportModule,
    PeopleModule,
    CaseImportModule.resumingJobs(),
    SopDraftsModule,
    SopSimulationModule,
    OfflineSyncModule,
    WhatIfModule,
    WebhooksModule,
  ],
  controllers: [
    SystemController,
    SetupController,
    AuthController,
    SopController,
    CasesController,
    CaseWorkflowController,
    CaseSafeguardsController,
    AdminPermissionsController,
    InboxController,
    DeadlinesController,
    CaseAnnotationsController,
    CaseAssignmentController,
    ServiceDirectoryController,
    AdminNotificationsController,
    ReferralsController,
    CaseTransfersController,
    AdminSopController,
    SopDraftsController,
    SopSimulationController,
    OfflineSyncController,
    OfflineWorkflowController,
    SopDraftTemplatesController,
    SopMigrationsController,
    DataQualityController,
    ReportsController,
    Dhis2Controller,
    SopWhatIfController,
    ReportExportsController,
    PluginScreensController,
    PluginsController,
    IntakeController,
    PeopleController,
    PeopleImportController,
    CaseImportController,
    AuditLogController,
    SopVersionsController,
    WebhooksController,
  ],
  providers: [
    StartupService,
    SignInAudit,
    DemoCasesSeeder,
    { provide: APP_GUARD, useClass: AuthGuard },
    { provide: APP_FILTER, useClass: ProblemDetailsFilter },
    { provide: APP_INTERCEPTOR, useClass: UnsafeTextInterceptor },
  ],
})
export class AppModule {
  /** The API with these plugins installed (default: plugins/index.ts); the active pack decides which are enabled. */
  static forRoot(plugins: ReadonlyArray<PluginDefinition<any>> = INSTALLED_PLUGINS): DynamicModule {
    return { module: AppModule, imports: [PluginHostModule.forRoot(plugins)] };
  }
}
