import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import cron, { ScheduledTask } from 'node-cron';
import { SchedulerService } from './scheduler.service';

/** Every 15 seconds: reminders are due to the minute, and an idle tick costs one index probe. */
export const DEFAULT_SCHEDULE = '*/15 * * * * *';

/**
 * Runs the scheduler on a node-cron schedule when CMIS_SCHEDULER=on (the worker, and `npm start`'s
 * all-in-one process). Ticks never overlap within a process; across processes the database decides.
 */
@Injectable()
export class SchedulerCron implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Scheduler');
  private task: ScheduledTask | null = null;
  private running: Promise<unknown> | null = null;

  constructor(private readonly scheduler: SchedulerService) {}

  onApplicationBootstrap(): void {
    if (process.env.CMIS_SCHEDULER !== 'on') return;
    const expression = process.env.CMIS_SCHEDULER_CRON ?? DEFAULT_SCHEDULE;
    if (!cron.validate(expression)) throw new Error(`CMIS_SCHEDULER_CRON is not a valid cron expression: "${expression}"`);
    this.task = cron.schedule(expression, () => this.runOnce(), { name: 'cmis-scheduler', noOverlap: true });
    this.logger.log(`scheduler running (${expression}); pid ${process.pid}`);
    // Do not wait for the first slot: due work is picked up at once after a restart.
    void this.runOnce();
  }

  private runOnce(): Promise<unknown> {
    if (this.running) return this.running;
    this.running = this.scheduler.tick().finally(() => (this.running = null));
    return this.running;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.task?.destroy();
    this.task = null;
    // Let a tick in progress finish: its transaction commits or rolls back, nothing is half-done either way.
    await this.running?.catch(() => undefined);
  }
}
