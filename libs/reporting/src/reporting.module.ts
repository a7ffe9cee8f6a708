import { Module } from '@nestjs/common';
import { AuditModule } from '@app/audit';
import { AppConfig, ConfigModule } from '@app/config';
import { CasesModule } from '@app/cases';
import { IdentityModule } from '@app/identity';
import { NotificationsModule } from '@app/notifications';
import { SopRegistryModule } from '@app/sop-registry';
import { DashboardsService } from './dashboards.service';
import { IndicatorsService } from './indicators.service';
import { ReportScopes } from './report-scope';
import { ReportsRepository } from './reports.repository';
import { ReportSnapshots } from './report-snapshots';
import { ReportSnapshotsRepository } from './report-snapshots.repository';
import { ScheduledReports } from './scheduled-reports';
import { SNAPSHOT_POLICY, SnapshotPolicy } from './snapshot-policy';
import { EXPORT_PROVIDERS } from './exports';
import { AuditLogRepository } from './audit-log/audit-log.repository';
import { AuditLogReview } from './audit-log/audit-log-review.service';

/** How long expensive figures are kept (report snapshots): from the configuration. */
const snapshotPolicy = {
  provide: SNAPSHOT_POLICY,
  inject: [AppConfig],
  useFactory: (c: AppConfig): SnapshotPolicy => ({
    keepAfterMs: c.CMIS_REPORT_KEEP_AFTER_MS,
    maxAgeMs: c.CMIS_REPORT_MAX_AGE,
    refreshAfterMs: Math.round(c.CMIS_REPORT_MAX_AGE / 5),
  }),
};

@Module({
  imports: [ConfigModule, AuditModule, SopRegistryModule, CasesModule, IdentityModule, NotificationsModule],
  providers: [
    snapshotPolicy,
    ReportsRepository,
    ReportSnapshotsRepository,
    ReportSnapshots,
    ReportScopes,
    IndicatorsService,
    DashboardsService,
    ScheduledReports,
    ...EXPORT_PROVIDERS,
    AuditLogRepository,
    AuditLogReview,
  ],
  exports: [AuditLogReview, ReportsRepository, ReportSnapshots, ReportScopes, IndicatorsService, DashboardsService, ScheduledReports, ...EXPORT_PROVIDERS],
})
export class ReportingModule {}
