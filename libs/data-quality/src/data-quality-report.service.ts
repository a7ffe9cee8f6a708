import { Injectable } from '@nestjs/common';
import { Clock, DomainError, pickLabel } from '@app/core';
import type { FormSubmissionEntity } from '@app/database';
import type { CurrentUser } from '@app/identity';
import type { DataQualityCheckDef } from '@app/pack-types';
import { CompiledSop, SopRegistry } from '@app/sop-registry';
import { buildRuleData, caseDataQualityFailures } from '@app/workflow';
import { topLevelFields, CaseAudit, casePredicate, toSnapshot, type CasePredicate } from '@app/cases';
import { DataQualityRepository } from './data-quality.repository';
import { DataQualityErrorCode } from './data-quality.errors';

export interface DataQualityReportItem {
  caseId: string;
  caseNumber: string;
  caseType: string;
  check: string;
  label: string;
  severity: 'error' | 'warning';
  form: string;
  field: string | null;
  message: string;
}

export interface DataQualityReport {
  asOf: string;
  /** Per check: how many of the cases the user may fix fail it. */
  checks: Array<{ id: string; label: string; severity: 'error' | 'warning'; form: string; field: string | null; failing: number }>;
  /** Failing records, in case id order, at most `limit`. */
  items: DataQualityReportItem[];
  limit: number;
  /** The list is incomplete: more failures than `limit` (the counts include them), or the scan stopped at its limit. */
  truncated: boolean;
  casesChecked: number;
  /** The scan stopped at MAX_CASES: the counts are lower bounds. */
  scanLimitReached: boolean;
}

export const DATA_QUALITY_MAX_ITEMS = 500;
const BATCH = 500;
const MAX_CASES = 50_000;

/** (form, top-level field) pairs the user's `fill` rules are asked about, with their SQL flag index. */
type FieldPairs = Map<string, number>;
const pairKey = (form: string, field: string) => `${form}\u0000${field}`;

/**
 * The data-quality report: the checks of data-quality.json run on stored cases (each on the SOP
 * version it runs on), listing the failing records to the people who may fix them: a case is listed
 * under a check only if the user may read the case and fill the field the check points at. Never
 * the child's name: a case number is enough to open the case and fix it.
 */
@Injectable()
export class DataQualityReportService {
  constructor(
    private readonly registry: SopRegistry,
    private readonly repo: DataQualityRepository,
    private readonly audit: CaseAudit,
    private readonly clock: Clock,
  ) {}

  async report(user: CurrentUser, q: { check?: string; limit?: number }, locale: string): Promise<DataQualityReport> {
    const limit = q.limit ?? DATA_QUALITY_MAX_ITEMS;
    if (!Number.isInteger(limit) || limit < 1 || limit > DATA_QUALITY_MAX_ITEMS) {
      throw new DomainError('validation_failed', `limit must be between 1 and ${DATA_QUALITY_MAX_ITEMS}.`, {
        errors: [{ path: '/limit', message: `from 1 to ${DATA_QUALITY_MAX_ITEMS}` }],
      });
    }
    const now = this.clock.now();
    const sops = await Promise.all((await this.registry.listVersions()).map((v) => this.registry.get(v.id)));
    const current = await this.registry.current();
    // The current version's wording first; checks only older versions have keep theirs.
    const defs = new Map<string, DataQualityCheckDef>();
    for (const sop of [current, ...sops]) for (const c of sop.pack.dataQuality ?? []) if (!defs.has(c.id)) defs.set(c.id, c);
    if (q.check !== undefined && !defs.has(q.check)) {
      throw new DomainError(DataQualityErrorCode.DataQualityCheckUnknown, `There is no data-quality check "${q.check}".`, { known: [...defs.keys()] });
    }
    const wanted = [...defs.values()].filter((c) => q.check === undefined || c.id === q.check);
    const counts = new Map(wanted.map((c) => [c.id, 0]));
    const out: DataQualityReport = {
      asOf: now.toISOString(),
      checks: [],
      items: [],
      limit,
      truncated: false,
      casesChecked: 0,
      scanLimitReached: false,
    };

    const pairs = fieldPairs(sops, wanted);
    if (pairs.size > 0) {
      const readable = await casePredicate(this.registry, user, now, 'read', 'case', { prefix: 'dqread' });
      const fill: CasePredicate[] = [];
      for (const [key, i] of pairs) {
        const [formId, field] = key.split('\u0000');
        fill[i] = await casePredicate(this.registry, user, now, 'fill', 'form', { prefix: `dqfill${i}_`, field: { formId, field } });
      }
      await this.scan(readable, fill, pairs, sops, q.check, now, counts, out, locale);
    }
    out.checks = wanted.map((c) => ({
      id: c.id,
      label: pickLabel(c.label, locale),
      severity: c.severity,
      form: c.form,
      field: c.field ?? null,
      failing: counts.get(c.id) ?? 0,
    }));
    await this.audit.recordList(user, 'data_quality.report', [...new Set(out.items.map((i) => i.caseId))], {
      check: q.check ?? null,
      limit,
      failing: Object.fromEntries(counts),
      truncated: out.truncated,
      casesChecked: out.casesChecked,
    });
    return out;
  }

  /** Keyset pages of the cases the user may read and fix, each checked against its own version's checks. */
  private async scan(
    readable: CasePredicate,
    fill: CasePredicate[],
    pairs: FieldPairs,
    sops: CompiledSop[],
    checkId: string | undefined,
    now: Date,
    counts: Map<string, number>,
    out: DataQualityReport,
    locale: string,
  ): Promise<void> {
    const byVersion = new Map(sops.map((s) => [s.versionId, s]));
    const forms = [...new Set([...pairs.keys()].map((k) => k.split('\u0000')[0]))];
    let after: string | null = null;
    for (;;) {
      const batch = await this.repo.casesToCheck(readable, fill, forms, after, BATCH);
      if (batch.length === 0) return;
      const submissions = groupByCase(await this.repo.completeSubmissions(batch.map((b) => b.row.id)));
      for (const { row, fillable } of batch) {
        const sop = byVersion.get(row.sopVersionId) ?? (await this.registry.get(row.sopVersionId));
        const data = buildRuleData(sop.pack, toSnapshot(row, submissions.get(row.id) ?? [], null), now);
        for (const f of caseDataQualityFailures(sop.pack, data, { caseType: row.caseType, checkId })) {
          const mayFix = fieldsToFix(sop, f.form, f.field).some((field) => fillable[pairs.get(pairKey(f.form, field)) ?? -1] === true);
          if (!mayFix || !counts.has(f.checkId)) continue;
          counts.set(f.checkId, counts.get(f.checkId)! + 1);
          if (out.items.length >= out.limit) {
            out.truncated = true;
            continue;
          }
          out.items.push({
            caseId: row.id,
            caseNumber: row.caseNumber,
            caseType: row.caseType,
            check: f.checkId,
            label: pickLabel(f.label, locale),
            severity: f.severity,
            form: f.form,
            field: f.field,
            message: pickLabel(f.message, locale),
          });
        }
      }
      out.casesChecked += batch.length;
      after = batch[batch.length - 1].row.id;
      if (batch.length < BATCH) return;
      if (out.casesChecked >= MAX_CASES) {
        out.scanLimitReached = true;
        out.truncated = true;
        return;
      }
    }
  }
}

/**
 * The top-level field(s) someone must be able to fill to fix a check: the field it points at, or
 * (a check about the form as a whole) any field of the form.
 */
function fieldsToFix(sop: CompiledSop, form: string, field: string | null | undefined): string[] {
  return field ? [field.split('.')[0]] : topLevelFields(sop, form);
}

function fieldPairs(sops: CompiledSop[], checks: DataQualityCheckDef[]): FieldPairs {
  const pairs: FieldPairs = new Map();
  for (const c of checks) {
    for (const sop of sops) {
      if (!sop.forms.has(c.form)) continue;
      for (const field of fieldsToFix(sop, c.form, c.field)) if (!pairs.has(pairKey(c.form, field))) pairs.set(pairKey(c.form, field), pairs.size);
    }
  }
  return pairs;
}

function groupByCase(rows: FormSubmissionEntity[]): Map<string, FormSubmissionEntity[]> {
  const out = new Map<string, FormSubmissionEntity[]>();
  for (const s of rows) {
    const list = out.get(s.caseId);
    if (list) list.push(s);
    else out.set(s.caseId, [s]);
  }
  return out;
}
