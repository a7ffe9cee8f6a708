import { Injectable } from '@nestjs/common';
import { casePredicate } from '@app/cases';
import { DomainError } from '@app/core';
import type { CurrentUser } from '@app/identity';
import { SopRegistry } from '@app/sop-registry';
import type { SqlPredicate } from './indicator-sql';
import { ReportErrorCode } from './reporting.errors';
import { ReportSnapshots } from './report-snapshots';

export type ReportAction = 'read' | 'export' | 'export_deidentified';

/**
 * Which cases a user's figures and exports are computed over: the cases the pack's `report` rules
 * select for the action, within the cases the user may read at all, and, when answers are used,
 * only where the user may read those answers. Deny by default: no rule, no report.
 *
 * `count` on `report` ("aggregates only") adds, to a role's figures only, the cases its `count`
 * rules select without any case read right: a national M&E role counts the country without reading
 * a single case. Those figures are always small-cell suppressed, answers still count only where
 * readable, and `count` opens no export, case list or case (those keep needing `read` on `case`).
 */
@Injectable()
export class ReportScopes {
  constructor(
    private readonly registry: SopRegistry,
    private readonly snapshots: ReportSnapshots,
  ) {}

  async scope(user: CurrentUser, action: ReportAction, now: Date, fields: Array<{ formId: string; field: string }> = []): Promise<SqlPredicate> {
    const report = await casePredicate(this.registry, user, now, action, 'report', { prefix: 'sr' });
    // Figures only: exports are case-level data and never come from `count`.
    const counted = action === 'read' ? await this.countRules(user, now) : FALSE;
    if (report.sql === 'FALSE' && counted.sql === 'FALSE') {
      throw action === 'read'
        ? new DomainError(ReportErrorCode.ReportNotPermitted, 'Your role may not see reports.')
        : new DomainError(
            ReportErrorCode.ExportNotPermitted,
            action === 'export' ? 'Your role may not export case lists.' : 'Your role may not export de-identified case data.',
          );
    }
    const answers: SqlPredicate[] = [];
    const seen = new Set<string>();
    for (const f of fields) {
      const key = `${f.formId}.${f.field}`;
      if (seen.has(key)) continue;
      seen.add(key);
      answers.push(await this.fieldReadable(user, now, f, `sf${seen.size}_`));
    }
    const readable = report.sql === 'FALSE' ? FALSE : and([report, await casePredicate(this.registry, user, now, 'read', 'case', { prefix: 'sc' })]);
    return and([or([readable, counted]), ...answers]);
  }

  /** Cases the user's `count` rules select ("aggregates only": no case read needed). */
  private countRules(user: CurrentUser, now: Date): Promise<SqlPredicate> {
    return casePredicate(this.registry, user, now, 'count', 'report', { prefix: 'sk' });
  }

  /** Cases on which the user may read one answer. */
  fieldReadable(user: CurrentUser, now: Date, f: { formId: string; field: string }, prefix: string): Promise<SqlPredicate> {
    return casePredicate(this.registry, user, now, 'read', 'form', { prefix, field: f });
  }

  /** May the user read `action` reports at all (some rule grants it)? Figures (`read`) are also opened by `count`. */
  async allowed(user: CurrentUser, action: ReportAction, now: Date): Promise<boolean> {
    if ((await casePredicate(this.registry, user, now, action, 'report', { prefix: 'sr' })).sql !== 'FALSE') return true;
    return action === 'read' && (await this.countRules(user, now)).sql !== 'FALSE';
  }

  /**
   * Small cells are hidden from anyone who could not already read the name of every named child in
   * scope; someone who reads every name (a worker's own caseload) learns nothing new from a count.
   */
  async suppressionApplies(user: CurrentUser, now: Date, scope: SqlPredicate): Promise<boolean> {
    // Aggregates-only figures are never exact, whatever the user could read besides.
    if ((await this.countRules(user, now)).sql !== 'FALSE') return true;
    // Name answers of every published version: a case counts as named-and-readable only if the user
    // may read all of them (a version without such a field denies it, so its cases keep suppression).
    const paths = new Set<string>();
    for (const v of await this.registry.listVersions()) {
      for (const t of (await this.registry.get(v.id)).pack.manifest.caseTypes) for (const p of t.identity?.name ?? []) paths.add(p);
    }
    if (paths.size === 0) return (await this.snapshots.exists({ sql: `${scope.sql} AND c.display_name IS NOT NULL`, params: scope.params })).value;
    const readable: SqlPredicate[] = [];
    for (const [i, p] of paths.entries()) {
      const dot = p.indexOf('.');
      readable.push(await this.fieldReadable(user, now, { formId: p.slice(0, dot), field: p.slice(dot + 1) }, `sn${i}_`));
    }
    const names = and(readable);
    // Over a large scope this scans every case in it: kept like the figures it protects.
    const named = { sql: `${scope.sql} AND c.display_name IS NOT NULL AND NOT ${names.sql}`, params: { ...scope.params, ...names.params } };
    return (await this.snapshots.exists(named)).value;
  }
}

const FALSE: SqlPredicate = { sql: 'FALSE', params: {} };

export function or(parts: SqlPredicate[]): SqlPredicate {
  const kept = parts.filter((p) => p.sql !== 'FALSE');
  if (kept.length === 0) return FALSE;
  return kept.length === 1 ? kept[0] : { sql: `(${kept.map((p) => p.sql).join(' OR ')})`, params: Object.assign({}, ...kept.map((p) => p.params)) };
}

export function and(parts: SqlPredicate[]): SqlPredicate {
  if (parts.some((p) => p.sql === 'FALSE')) return { sql: 'FALSE', params: {} };
  return { sql: `(${parts.map((p) => p.sql).join(' AND ')})`, params: Object.assign({}, ...parts.map((p) => p.params)) };
}
