import { Module } from '@nestjs/common';
import { CasesModule } from '@app/cases';
import { NotificationsModule } from '@app/notifications';
import { ReportingModule } from '@app/reporting';
import { SopRegistryModule } from '@app/sop-registry';
import { SchedulerCron } from './scheduler-cron';
import { SchedulerService } from './scheduler.service';

@Module({
  imports: [CasesModule, NotificationsModule, SopRegistryModule, ReportingModule],
  providers: [SchedulerService, SchedulerCron],
  exports: [SchedulerService],
})
export class SchedulerModule {}
