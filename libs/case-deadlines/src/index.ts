export * from './case-deadlines.errors';
export * from './case-deadlines.module';
export { DeadlineAlerter, type AlertRunResult } from './deadline-alerter';
export { DeadlineWorklistService, type Worklist, type WorklistItem } from './deadline-worklist.service';
export { DailyDigest, type DigestRunResult } from './daily-digest';
export { DeadlineAlertsRepository } from './deadline-alerts.repository';
