import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '@app/audit';
import { Clock, zonedDay } from '@app/core';
import { inTransaction } from '@app/database';
import { toCurrentUser, UsersRepository } from '@app/identity';
import { Messenger } from '@app/notifications';
import type { ReportScheduleDef, SopPack } from '@app/pack-types';
import { SopRegistry } from '@app/sop-registry';
import { DashboardsService, DashboardView } from './dashboards.service';
import { parsePeriod } from './indicators.service';
import { CalendarPeriod, lastCompletedPeriod } from './report-periods';
import type { ReportCell, ReportTable } from './report-table';
import { ReportScopes } from './report-scope';
import { ReportsRepository } from './reports.repository';

export interface ScheduledReportsResult {
  sent: number;
  /** Already sent for this period (by this or another process). */
  taken: number;
  /** Recipients whose roles no longer allow reports: nothing sent. */
  skipped: number;
  failed: number;
}

export const DEFAULT_REPORT_HOUR = 7;

/**
 * The pack's scheduled reports: once the hour of the day after a period ends has come (pack time
 * zone), each active user of the listed roles gets the dashboard for that period, computed in their
 * own report scope, through the notification channels. A delivery row claimed in the transaction
 * that queues the message makes it exactly once per person and period, however many schedulers run.
 */
@Injectable()
export class ScheduledReports {
  private readonly logger = new Logger('ScheduledReports');

  constructor(
    private readonly ds: DataSource,
    private readonly registry: SopRegistry,
    private readonly dashboards: DashboardsService,
    private readonly scopes: ReportScopes,
    private readonly repo: ReportsRepository,
    private readonly users: UsersRepository,
    private readonly messenger: Messenger,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async run(maxUsers = 1000): Promise<ScheduledReportsResult> {
    const result: ScheduledReportsResult = { sent: 0, taken: 0, skipped: 0, failed: 0 };
    const sop = await this.registry.currentIfPublished();
    if (!sop) return result;
    const now = this.clock.now();
    const local = zonedDay(now, sop.pack.manifest.timezone ?? 'UTC');
    for (const schedule of sop.pack.reporting.schedules) {
      if (local.hour < (schedule.hour ?? DEFAULT_REPORT_HOUR)) continue;
      const period = lastCompletedPeriod(schedule.every, local.day);
      for (const userId of await this.repo.recipientsNotYetSent(schedule.to, schedule.id, period.key, maxUsers)) {
        try {
          result[await this.sendOne(sop.pack, schedule, period, userId)]++;
        } catch (e: any) {
          result.failed++;
          this.logger.error(`scheduled report ${schedule.id} ${period.key} for user ${userId} failed: ${e?.message ?? e}`);
        }
      }
    }
    return result;
  }

  private async sendOne(pack: SopPack, schedule: ReportScheduleDef, period: CalendarPeriod, userId: string): Promise<'sent' | 'taken' | 'skipped'> {
    const user = await this.users.findById(userId);
    if (!user?.active) return 'skipped';
    const current = toCurrentUser(user);
    return inTransaction(this.ds, async (em) => {
      const now = this.clock.now();
      if (!(await this.repo.claimDelivery(em, schedule.id, period.key, userId, now))) return 'taken';
      if (!(await this.scopes.allowed(current, 'read', now))) return 'skipped';
      // Messages leave the system (mail servers, phones): small cells are hidden for every recipient.
      const view = await this.dashboards.compute(current, pack, user.locale, schedule.dashboard, parsePeriod(pack, period), undefined, {
        alwaysSuppress: true,
      });
      await this.messenger.send(
        em,
        pack,
        [{ id: user.id, name: user.displayName, locale: user.locale, email: user.email, phone: user.phone }],
        {
          kind: 'scheduled_report',
          templateId: 'scheduled_report',
          caseId: null,
          dedupeKey: `report:${schedule.id}:${period.key}`,
          context: () => reportContext(pack, schedule, period, view, user.locale, this.messenger.link(`/reports/${schedule.dashboard}`)),
        },
        now,
      );
      // Last in the transaction: the audit append holds its chain lock until commit.
      await this.audit.record(
        {
          actorId: null,
          action: 'report.scheduled_sent',
          caseId: null,
          details: { schedule: schedule.id, period: period.key, userId, dashboard: schedule.dashboard },
        },
        em,
      );
      return 'sent';
    });
  }
}

/** Template variables: each widget's total and rows as display text ('*' where hidden). */
export function reportContext(pack: SopPack, schedule: ReportScheduleDef, period: CalendarPeriod, view: DashboardView, locale: string, link: string) {
  const label = schedule.label[locale] ?? schedule.label.en ?? Object.values(schedule.label)[0];
  return {
    report: {
      label,
      dashboard: view.dashboard.label,
      period: period.from === period.to ? period.from : `${period.from} – ${period.to}`,
      link,
      threshold: pack.reporting.smallCellThreshold,
    },
    widgets: view.widgets.map((w) => ({
      title: w.title,
      total: display(w.table, w.table.total),
      // Empty categories are left out of a message (a dashboard shows them); hidden ones stay, as '*'.
      rows:
        w.table.dimensions.length === 0
          ? []
          : w.table.cells.filter((c) => c.suppressed || (c.n ?? 0) > 0).map((c) => ({ label: cellLabel(w.table, c), value: display(w.table, c) })),
    })),
  };
}

function cellLabel(table: ReportTable, cell: ReportCell): string {
  return table.dimensions.map((d) => d.values.find((v) => v.key === cell.keys[d.id])?.label ?? String(cell.keys[d.id])).join(' / ');
}

export function display(table: ReportTable, cell: ReportCell): string {
  if (cell.suppressed) return '*';
  if (cell.value === null) return '–';
  return table.indicator.unit === 'percent' ? `${cell.value}% (n = ${cell.n})` : String(cell.value);
}
