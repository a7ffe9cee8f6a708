import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import cron, { ScheduledTask } from 'node-cron';
import { AppConfig } from '@app/config';
import { Dhis2Export } from './dhis2-export.service';

/** Every 10 minutes: a period's push waits at most that long after the pack's hour; an idle check is one query. */
export const DHIS2_SCHEDULE = '0 */10 * * * *';

/**
 * Pushes each closed period to DHIS2 from the scheduler processes (CMIS_SCHEDULER=on, or the worker
 * calling start()). Several processes may run it: the delivery row claims the period.
 */
@Injectable()
export class Dhis2Cron implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Dhis2Export');
  private task: ScheduledTask | null = null;
  private running: Promise<unknown> | null = null;

  constructor(
    private readonly exports: Dhis2Export,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.CMIS_SCHEDULER) this.start();
  }

  start(): void {
    if (this.task) return;
    const run = () => {
      this.running ??= this.exports
        .runScheduled()
        .catch((e) => this.logger.error(`scheduled DHIS2 push failed: ${e?.message ?? e}`))
        .finally(() => (this.running = null));
      return this.running;
    };
    this.task = cron.schedule(DHIS2_SCHEDULE, run, { name: 'cmis-dhis2', noOverlap: true });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.task?.destroy();
    this.task = null;
    await this.running;
  }
}
