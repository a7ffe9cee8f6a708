export { SchedulerModule } from './scheduler.module';
export { SchedulerService, SCHEDULED_WORK, type ScheduledWork, type TickResult } from './scheduler.service';
export { DEFAULT_SCHEDULE, SchedulerCron } from './scheduler-cron';
