import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { CaseMigrationService } from './case-migration.service';

/** How often a worker looks for a run whose process stopped. */
export const ABANDONED_CHECK_MS = 60_000;

/**
 * The worker's watch over case migrations: a run is carried on in the background of the API process
 * that started it; if that process stops, the run is left `running` with no progress, and a worker
 * continues it (one run at a time per worker; claims across workers are decided in PostgreSQL).
 * Started explicitly by the worker, never in the API.
 */
@Injectable()
export class AbandonedMigrations implements OnApplicationShutdown {
  private readonly log = new Logger('CaseMigration');
  private timer: NodeJS.Timeout | null = null;
  private current: Promise<unknown> | null = null;

  constructor(private readonly migrations: CaseMigrationService) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.check(), ABANDONED_CHECK_MS);
    void this.check();
  }

  /** One look (and the run it found, to its end). */
  check(): Promise<unknown> {
    this.current ??= this.migrations
      .resumeAbandoned()
      .catch((e) => this.log.error(`resuming a case migration failed: ${e instanceof Error ? e.message : e}`))
      .finally(() => (this.current = null));
    return this.current;
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.current;
  }
}
