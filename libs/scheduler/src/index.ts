export { SchedulerModule } from './scheduler.module';
export { SchedulerService, type TickResult } from './scheduler.service';
export { DEFAULT_SCHEDULE } from './scheduler-cron';
