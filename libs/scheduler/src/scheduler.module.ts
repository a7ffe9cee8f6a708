import { Module } from '@nestjs/common';
import { CaseDeadlinesModule } from '@app/case-deadlines';
import { NotificationsModule } from '@app/notifications';
import { ReportingModule } from '@app/reporting';
import { SopRegistryModule } from '@app/sop-registry';
import { WebhooksModule } from '@app/webhooks';
import { SchedulerCron } from './scheduler-cron';
import { SchedulerService } from './scheduler.service';

@Module({
  imports: [CaseDeadlinesModule, NotificationsModule, SopRegistryModule, ReportingModule, WebhooksModule],
  providers: [SchedulerService, SchedulerCron],
  exports: [SchedulerService],
})
export class SchedulerModule {}
