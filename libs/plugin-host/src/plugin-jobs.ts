import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService, type AuditEntry } from '@app/audit';
import { Clock } from '@app/core';
import type { ScheduledWork } from '@app/scheduler';
import { SopRegistry } from '@app/sop-registry';
import { PluginCatalogue } from './plugin-catalogue';
import { pluginAudit, pluginLocations } from './plugin-context';
import { pluginDb } from './plugin-db';

/**
 * The scheduled jobs of the plugins the current pack enables. A job is claimed in PostgreSQL (one
 * process per interval, whatever the number of workers), then run in its own transaction; a job
 * that fails is logged, kept with its error, and runs again at the next interval.
 */
@Injectable()
export class PluginJobs implements ScheduledWork {
  private readonly logger = new Logger('PluginJobs');

  constructor(
    @Inject(PluginCatalogue) private readonly catalogue: PluginCatalogue,
    private readonly registry: SopRegistry,
    private readonly ds: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async runDue(): Promise<string[]> {
    const sop = await this.registry.currentIfPublished();
    if (!sop) return [];
    const ran: string[] = [];
    for (const enabled of sop.pack.plugins) {
      const def = this.catalogue.get(enabled.id);
      for (const job of def?.jobs ?? []) {
        const now = this.clock.now();
        const claimed = await this.ds.query(
          `INSERT INTO plugin_job_runs (plugin_id, job_id, last_started_at) VALUES ($1, $2, $3)
           ON CONFLICT (plugin_id, job_id) DO UPDATE SET last_started_at = EXCLUDED.last_started_at
           WHERE plugin_job_runs.last_started_at <= $3::timestamptz - make_interval(mins => $4)
           RETURNING job_id`,
          [def!.id, job.id, now, job.everyMinutes],
        );
        if (claimed.length === 0) continue;
        const name = `${def!.id}.${job.id}`;
        let error: string | null = null;
        try {
          await this.ds.transaction(async (em) => {
            const entries: AuditEntry[] = [];
            await job.run({
              plugin: { id: def!.id, version: def!.version },
              settings: structuredClone(enabled.settings),
              now,
              db: pluginDb(def!.id, em),
              audit: pluginAudit(def!.id, null, null, entries),
              locations: pluginLocations(sop.pack),
            });
            if (entries.length) await this.audit.recordMany(entries, em);
          });
          ran.push(name);
        } catch (e: any) {
          error = String(e?.message ?? e).slice(0, 500);
          this.logger.error(`job ${name} failed: ${error}`);
        }
        await this.ds.query('UPDATE plugin_job_runs SET last_finished_at = $3, last_error = $4 WHERE plugin_id = $1 AND job_id = $2', [
          def!.id,
          job.id,
          this.clock.now(),
          error,
        ]);
      }
    }
    return ran;
  }
}
