import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import cron, { ScheduledTask } from 'node-cron';
import { AuditCheckpoints } from '@app/audit';
import { AppConfig } from '@app/config';
import { SchedulerService } from './scheduler.service';

/** Every 15 seconds: reminders are due to the minute, and an idle tick costs one index probe. */
export const DEFAULT_SCHEDULE = '*/15 * * * * *';

/**
 * Runs the scheduler on node-cron schedules when CMIS_SCHEDULER=on (`npm start`'s all-in-one
 * process) or when started explicitly (the worker): one task fires alerts and digests, another sends the outbox, so a slow mail
 * server never delays reminders. Each task never overlaps itself within a process; across
 * processes the database decides who does what.
 */
@Injectable()
export class SchedulerCron implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Scheduler');
  private readonly tasks: ScheduledTask[] = [];
  private readonly running = new Map<string, Promise<unknown>>();
  private stopping = false;

  constructor(
    private readonly scheduler: SchedulerService,
    private readonly config: AppConfig,
    private readonly checkpoints: AuditCheckpoints,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.CMIS_SCHEDULER) this.start();
  }

  /** Starts the schedules (once; AppConfig has checked CMIS_SCHEDULER_CRON). */
  start(): void {
    if (this.tasks.length || this.stopping) return;
    const expression = this.config.CMIS_SCHEDULER_CRON;
    const alerts = () => this.once('alerts', () => this.scheduler.tickAlerts());
    const dispatch = () => this.once('dispatch', () => this.scheduler.tickDispatch());
    this.tasks.push(
      cron.schedule(expression, alerts, { name: 'cmis-alerts', noOverlap: true }),
      cron.schedule(expression, dispatch, { name: 'cmis-dispatch', noOverlap: true }),
    );
    if (this.checkpoints.configured) {
      // Checks at every slot whether the newest checkpoint is older than CMIS_AUDIT_CHECKPOINT_INTERVAL (one directory listing).
      const checkpoint = () =>
        this.once('audit-checkpoint', () => this.checkpoints.writeIfDue().catch((e) => this.logger.error(`audit checkpoint failed: ${e?.message ?? e}`)));
      this.tasks.push(cron.schedule(expression, checkpoint, { name: 'cmis-audit-checkpoint', noOverlap: true }));
    }
    this.logger.log(`scheduler running (${expression}); pid ${process.pid}`);
    // Do not wait for the first slot: due work is picked up at once after a restart.
    void this.once('prepare', () => this.scheduler.prepare().catch((e) => this.logger.error(`preparing alerts failed: ${e?.message ?? e}`))).then(alerts);
    void dispatch();
  }

  private once(name: string, run: () => Promise<unknown>): Promise<unknown> {
    if (this.stopping) return Promise.resolve();
    const current = this.running.get(name);
    if (current) return current;
    const p = run().finally(() => this.running.delete(name));
    this.running.set(name, p);
    return p;
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    for (const task of this.tasks.splice(0)) await task.destroy();
    // Let work in progress finish (and whatever it chained, e.g. the first alerts run after preparing):
    // its transactions commit or roll back, nothing is half-done either way.
    while (this.running.size) await Promise.allSettled([...this.running.values()]);
  }
}
