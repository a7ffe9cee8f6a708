import { Module } from '@nestjs/common';
import { AuditModule } from '@app/audit';
import { CasesModule } from '@app/cases';
import { IdentityModule } from '@app/identity';
import { NotificationsModule } from '@app/notifications';
import { SopRegistryModule } from '@app/sop-registry';
import { DashboardsService } from './dashboards.service';
import { IndicatorsService } from './indicators.service';
import { ReportScopes } from './report-scope';
import { ReportsRepository } from './reports.repository';
import { ScheduledReports } from './scheduled-reports';
import { EXPORT_PROVIDERS } from './exports';

@Module({
  imports: [AuditModule, SopRegistryModule, CasesModule, IdentityModule, NotificationsModule],
  providers: [ReportsRepository, ReportScopes, IndicatorsService, DashboardsService, ScheduledReports, ...EXPORT_PROVIDERS],
  exports: [ReportsRepository, ReportScopes, IndicatorsService, DashboardsService, ScheduledReports, ...EXPORT_PROVIDERS],
})
export class ReportingModule {}
