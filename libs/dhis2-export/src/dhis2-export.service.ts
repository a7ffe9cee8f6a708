import { Inject, Injectable, Logger } from '@nestjs/common';
import { AuditService, entryBy } from '@app/audit';
import { Clock, DomainError, pickLabel, zonedDay } from '@app/core';
import type { CurrentUser } from '@app/identity';
import type { Dhis2Def, SopPack } from '@app/pack-types';
import { findIndicator, IndicatorsService, parseDimensions, parsePeriod, ReportScopes } from '@app/reporting';
import { locationPaths } from '@app/sop';
import { SopRegistry } from '@app/sop-registry';
import { buildDataValueSet, DataValueSet, PreviewRow, tableDimensions } from './data-value-sets';
import { postDataValueSet, type Dhis2Server } from './dhis2-client';
import { Dhis2DeliveriesRepository, type Dhis2DeliveryRow } from './dhis2-deliveries.repository';
import { Dhis2ErrorCode } from './dhis2-export.errors';
import { Dhis2Period, parsePeriodId, PERIOD_EXAMPLES, previousPeriod } from './dhis2-periods';
import { DHIS2_SERVER } from './dhis2-server';

export interface Dhis2Preview {
  period: Dhis2Period;
  payload: DataValueSet;
  rows: PreviewRow[];
  counts: { sent: number; suppressed: number; unmapped: number };
}

/** Scheduled tries of one period before it is left to an administrator. */
export const MAX_SCHEDULED_FAILURES = 6;

/** No user has this id: figures computed in the pack's DHIS2 scope are attributed to no one. */
const SCOPE_USER_ID = '00000000-0000-0000-0000-000000000000';

/**
 * Aggregate reporting to DHIS2 (docs/dhis2.md): the pack's dhis2.json maps indicators to data
 * elements and locations to org units; the values are the reports' own tables, computed in the
 * role and place dhis2.json names, small cells always suppressed (the values leave the system) and
 * left out. Pushes are logged (dhis2_deliveries) and audited.
 */
@Injectable()
export class Dhis2Export {
  private readonly logger = new Logger('Dhis2Export');

  constructor(
    private readonly registry: SopRegistry,
    private readonly indicators: IndicatorsService,
    private readonly scopes: ReportScopes,
    private readonly deliveries: Dhis2DeliveriesRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Inject(DHIS2_SERVER) private readonly server: Dhis2Server | null,
  ) {}

  /** What is mapped and what is not, the server's presence (never its credentials) and the last closed period. */
  async status(user: CurrentUser, locale: string) {
    const pack = await this.readable(user);
    const def = pack.dhis2;
    const today = zonedDay(this.clock.now(), pack.manifest.timezone ?? 'UTC').day;
    if (!def) return { configured: false as const, server: this.serverStatus() };
    const level: SopPack['locations']['root'][] = [];
    const walk = (n: SopPack['locations']['root']) => {
      if (n.level === def.orgUnits.level) level.push(n);
      (n.children ?? []).forEach(walk);
    };
    walk(pack.locations.root);
    const dims = (by: string) => {
      const t = parseDimensions(pack, [by])[0];
      return t.kind.values(t.parsed.arg, { pack, locale, dateSql: '' }) ?? [];
    };
    return {
      configured: true as const,
      server: this.serverStatus(),
      dataSet: def.dataSet,
      periodType: def.periodType,
      periodExample: PERIOD_EXAMPLES[def.periodType],
      lastClosedPeriod: previousPeriod(def.periodType, today),
      scheduleHour: def.scheduleHour ?? null,
      scope: { role: pickLabel(pack.roles.find((r) => r.id === def.scope.role)?.label ?? { en: def.scope.role }, locale), location: def.scope.location },
      orgUnits: level.map((n) => ({ code: n.code, label: pickLabel(n.name, locale), id: def.orgUnits.map[n.code] ?? null })),
      dataElements: def.dataElements.map((m) => {
        const ind = findIndicator(pack, m.indicator);
        return {
          indicator: { id: ind.id, label: pickLabel(ind.label, locale) },
          dataElement: m.dataElement,
          by: m.by ?? null,
          categoryOptionCombo: m.categoryOptionCombo ?? null,
          categories: m.by
            ? dims(m.by)
                .filter((v) => v.key !== null)
                .map((v) => ({ key: v.key, label: v.label, id: m.categoryOptionCombos?.[v.key!] ?? null }))
            : [],
        };
      }),
    };
  }

  /** The payload a push of the period would send and a labelled table of every cell; nothing sent. Audited. */
  async preview(user: CurrentUser, locale: string, periodId: string): Promise<Dhis2Preview> {
    const pack = await this.readable(user);
    const preview = await this.compute(pack, locale, periodId);
    await this.audit.record(entryBy(user, { action: 'dhis2.preview', caseId: null, details: { period: preview.period.id, ...preview.counts } }));
    return preview;
  }

  /** An administrator sends a period now (again, if need be: DHIS2 overwrites the same data element, period, org unit and combo). */
  async push(admin: CurrentUser, locale: string, periodId: string): Promise<Dhis2DeliveryRow> {
    const { pack } = await this.registry.current();
    const server = this.requireServer();
    const preview = await this.compute(pack, locale, periodId);
    const id = (await this.deliveries.start({
      period: preview.period.id,
      trigger: 'manual',
      actorId: admin.id,
      at: this.clock.now(),
      valuesSent: preview.counts.sent,
      suppressed: preview.counts.suppressed,
    }))!;
    const row = await this.send(server, id, preview);
    await this.audit.record(entryBy(admin, { action: 'dhis2.pushed', caseId: null, details: auditDetails(row) }));
    return row;
  }

  async log(user: CurrentUser, limit = 50): Promise<Dhis2DeliveryRow[]> {
    await this.readable(user);
    return this.deliveries.list(limit);
  }

  /**
   * The scheduler's part: once the pack's hour of the day after a period closes has come (pack time
   * zone), the closed period is pushed once, however many schedulers run (the delivery row is the claim).
   */
  async runScheduled(): Promise<Dhis2DeliveryRow | null> {
    const sop = await this.registry.currentIfPublished();
    const def = sop?.pack.dhis2;
    if (!sop || !def || def.scheduleHour === undefined || !this.server) return null;
    const local = zonedDay(this.clock.now(), sop.pack.manifest.timezone ?? 'UTC');
    if (local.hour < def.scheduleHour) return null;
    const period = previousPeriod(def.periodType, local.day);
    const done = await this.deliveries.scheduled(period.id);
    // A server that keeps refusing (credentials, mapping) is not asked every ten minutes for ever: an administrator sends by hand.
    if (done.taken || done.failures >= MAX_SCHEDULED_FAILURES) return null;
    const preview = await this.compute(sop.pack, sop.pack.manifest.locales?.[0] ?? 'en', period.id);
    const id = await this.deliveries.start({
      period: period.id,
      trigger: 'schedule',
      actorId: null,
      at: this.clock.now(),
      valuesSent: preview.counts.sent,
      suppressed: preview.counts.suppressed,
    });
    if (!id) return null;
    const row = await this.send(this.server, id, preview);
    await this.audit.record({ actorId: null, action: 'dhis2.pushed', caseId: null, details: auditDetails(row) });
    if (row.status === 'failed') this.logger.warn(`scheduled DHIS2 push of ${period.id} failed: ${row.reason}`);
    return row;
  }

  private async send(server: Dhis2Server, id: string, preview: Dhis2Preview): Promise<Dhis2DeliveryRow> {
    const answer = await postDataValueSet(server, preview.payload);
    await this.deliveries.finish(id, answer, this.clock.now());
    return (await this.deliveries.list(200)).find((r) => r.id === id)!;
  }

  private async compute(pack: SopPack, locale: string, periodId: string): Promise<Dhis2Preview> {
    const def = requireDef(pack);
    const period = parsePeriodId(def.periodType, periodId);
    if (!period) {
      throw new DomainError(Dhis2ErrorCode.BadPeriod, `"${periodId}" is not a ${def.periodType} DHIS2 period (like ${PERIOD_EXAMPLES[def.periodType]}).`, {
        errors: [{ path: '/period', message: `must be a ${def.periodType} period like ${PERIOD_EXAMPLES[def.periodType]}` }],
      });
    }
    const scopeUser = scopeUserOf(pack, def, locale);
    const dates = parsePeriod(pack, { from: period.from, to: period.to });
    const tables = [];
    // One table per data element, as a dashboard widget split the same way would show it (same suppression).
    for (const mapping of def.dataElements) {
      const table = await this.indicators.compute(
        scopeUser,
        pack,
        locale,
        findIndicator(pack, mapping.indicator),
        parseDimensions(pack, tableDimensions(def, mapping)),
        dates,
        undefined,
        { alwaysSuppress: true },
      );
      tables.push({ mapping, table });
    }
    const names = new Map<string, string>();
    const walk = (n: SopPack['locations']['root']) => {
      names.set(n.code, pickLabel(n.name, locale));
      (n.children ?? []).forEach(walk);
    };
    walk(pack.locations.root);
    const { payload, rows } = buildDataValueSet(def, period, tables, names);
    const count = (s: PreviewRow['status']) => rows.filter((r) => r.status === s).length;
    return { period, payload, rows, counts: { sent: count('sent'), suppressed: count('suppressed'), unmapped: count('unmapped') } };
  }

  /** Administrators, and whoever the pack's reporting rules let read reports. */
  private async readable(user: CurrentUser): Promise<SopPack> {
    const { pack } = await this.registry.current();
    const admin = pack.roles.some((r) => r.administer === true && user.roles.includes(r.id));
    if (!admin && !(await this.scopes.allowed(user, 'read', this.clock.now()))) {
      throw new DomainError(Dhis2ErrorCode.NotPermitted, 'Your role may not see the DHIS2 reporting.');
    }
    return pack;
  }

  private serverStatus(): { configured: true; url: string; auth: 'token' | 'basic' } | { configured: false } {
    return this.server ? { configured: true, url: this.server.url, auth: 'token' in this.server.auth ? 'token' : 'basic' } : { configured: false };
  }

  private requireServer(): Dhis2Server {
    if (!this.server) throw new DomainError(Dhis2ErrorCode.ServerNotConfigured, 'No DHIS2 server is configured (DHIS2_URL and credentials).');
    return this.server;
  }
}

function requireDef(pack: SopPack): Dhis2Def {
  if (!pack.dhis2) throw new DomainError(Dhis2ErrorCode.NotConfigured, 'This SOP has no dhis2.json: it does not report to DHIS2.');
  return pack.dhis2;
}

/** The role and place dhis2.json names, as a user: the pack's report rules decide what it counts. */
function scopeUserOf(pack: SopPack, def: Dhis2Def, locale: string): CurrentUser {
  return {
    id: SCOPE_USER_ID,
    username: 'dhis2',
    displayName: 'DHIS2',
    roles: [def.scope.role],
    agencyId: null,
    teamId: null,
    locationCode: def.scope.location,
    locationPath: locationPaths(pack.locations.root).get(def.scope.location)!,
    locale,
  };
}

function auditDetails(row: Dhis2DeliveryRow) {
  return {
    deliveryId: row.id,
    period: row.period,
    trigger: row.trigger,
    status: row.status,
    valuesSent: row.valuesSent,
    httpStatus: row.httpStatus,
    importCount: row.importCount,
    conflicts: row.conflicts.length,
  };
}
