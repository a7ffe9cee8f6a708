import { Module } from '@nestjs/common';
import { CasesModule } from '@app/cases';
import { NotificationsModule } from '@app/notifications';
import { SchedulerCron } from './scheduler-cron';
import { SchedulerService } from './scheduler.service';

@Module({
  imports: [CasesModule, NotificationsModule],
  providers: [SchedulerService, SchedulerCron],
  exports: [SchedulerService],
})
export class SchedulerModule {}
