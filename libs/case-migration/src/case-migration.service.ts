import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Clock, DomainError, validateCommand } from '@app/core';
import { inTransaction, type CaseEntity, type FormSubmissionEntity } from '@app/database';
import { canonicalJson, type AuditEntry } from '@app/audit';
import { CaseAudit, CaseRecordsRepository, CasesRepository, CaseWriter, isUuid, toSnapshot, type NewCaseEvent } from '@app/cases';
import { toCurrentUser, UsersRepository, type CurrentUser } from '@app/identity';
import { SopRegistry, type CompiledSop } from '@app/sop-registry';
import { planDeadlines } from '@app/workflow';
import { CaseMigrationErrorCode } from './case-migration.errors';
import { CaseMigrationsRepository, type MigrationRun, type StoredDeadline } from './case-migrations.repository';
import { planCaseMove, type CaseMove, type CaseMoveDecision, type CaseToMove } from './case-move';
import { MIGRATION_PLAN_SCHEMA, resolvePlan, type MigrationPlan, type ResolvedPlan } from './migration-plan';

/** Cases per transaction of a run (and per read of a dry run). */
export const MIGRATION_BATCH_SIZE = 500;

/** A run without progress for this long is taken to be abandoned (its process stopped); a batch takes seconds. */
export const ABANDONED_AFTER_MS = 5 * 60_000;

export interface DeadlineChange {
  key: string;
  deadline: string;
  before: string | null;
  after: string | null;
}

export type DryRunItem = Omit<CaseMove, 'row' | 'submissions'> | Exclude<CaseMoveDecision, CaseMove>;

export interface DryRunReport {
  fromVersion: number;
  toVersion: number;
  summary: { cases: number; willMove: number; cannotMove: number; byReason: Record<string, number> };
  offset: number;
  limit: number;
  items: Array<DryRunItem & { deadlines?: DeadlineChange[] }>;
}

/**
 * Moves cases from one published SOP version to a later one by an administrator's plan: the dry run
 * says what would happen to each case, the run does it in batches (one transaction each), resumable
 * from the last case it went past. Each moved case gets a `sop_migrated` timeline event and audit entry.
 */
@Injectable()
export class CaseMigrationService {
  private readonly log = new Logger('CaseMigration');

  constructor(
    private readonly ds: DataSource,
    private readonly registry: SopRegistry,
    private readonly runs: CaseMigrationsRepository,
    private readonly records: CaseRecordsRepository,
    private readonly cases: CasesRepository,
    private readonly writer: CaseWriter,
    private readonly audit: CaseAudit,
    private readonly clock: Clock,
    private readonly users: UsersRepository,
  ) {}

  /** Checks a plan's shape and resolves it against the two versions of the active pack it names. */
  async resolve(body: unknown): Promise<ResolvedPlan> {
    let plan: MigrationPlan;
    try {
      plan = validateCommand<MigrationPlan>(MIGRATION_PLAN_SCHEMA, body, 'migration plan');
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      throw new DomainError(CaseMigrationErrorCode.PlanInvalid, e.message, { errors: e.extra.errors });
    }
    const versions = await this.registry.listVersions();
    const side = async (version: number, path: string) => {
      const row = versions.find((v) => v.version === version);
      if (!row) {
        throw new DomainError(CaseMigrationErrorCode.PlanInvalid, `${path}: version ${version} is not published`, {
          errors: [{ path, message: `version ${version} of the pack is not published` }],
        });
      }
      return this.registry.get(row.id);
    };
    const [from, to] = [await side(plan.fromVersion, '/fromVersion'), await side(plan.toVersion, '/toVersion')];
    return resolvePlan(plan, planSide(from), planSide(to));
  }

  /** Every case on the from-version judged, nothing written; one page of them in case-id order, with the new deadlines when they are recomputed. */
  async dryRun(body: unknown, page: { offset: number; limit: number }): Promise<DryRunReport> {
    const plan = await this.resolve(body);
    const toSop = await this.registry.get(plan.to.versionId);
    const report: DryRunReport = {
      fromVersion: plan.from.version,
      toVersion: plan.to.version,
      summary: { cases: 0, willMove: 0, cannotMove: 0, byReason: {} },
      offset: page.offset,
      limit: page.limit,
      items: [],
    };
    const em = this.ds.manager;
    let after: string | null = null;
    for (;;) {
      const rows = await this.runs.casesOnVersion(em, plan.from.versionId, after, MIGRATION_BATCH_SIZE, false);
      if (!rows.length) break;
      after = rows[rows.length - 1].id;
      const subs = await this.records.submissionsOfCases(
        em,
        rows.map((r) => r.id),
      );
      const onPage: Array<{ row: CaseEntity; move: CaseMove; item: DryRunReport['items'][number] }> = [];
      for (const row of rows) {
        const decision = planCaseMove(plan, toCaseInput(row, subs.get(row.id) ?? []));
        const index = report.summary.cases++;
        if (decision.outcome === 'move') report.summary.willMove++;
        else {
          report.summary.cannotMove++;
          report.summary.byReason[decision.reason] = (report.summary.byReason[decision.reason] ?? 0) + 1;
        }
        if (index < page.offset || index >= page.offset + page.limit) continue;
        if (decision.outcome !== 'move') report.items.push(decision);
        else {
          const { row: _row, submissions: _subs, ...shown } = decision;
          const item = { ...shown };
          report.items.push(item);
          if (plan.plan.deadlines === 'recompute') onPage.push({ row, move: decision, item });
        }
      }
      if (onPage.length) {
        const stored = await this.runs.deadlinesOf(
          em,
          onPage.map((p) => p.row.id),
        );
        for (const p of onPage) {
          const mine = stored.filter((d) => d.caseId === p.row.id);
          Object.assign(p.item, { deadlines: this.deadlineChanges(toSop, p.row, p.move, subs.get(p.row.id) ?? [], mine) });
        }
      }
    }
    return report;
  }

  /** Starts a run, or continues the unfinished one between the same versions (its plan must be the same). */
  async start(user: CurrentUser, body: unknown): Promise<{ run: MigrationRun; created: boolean }> {
    const plan = await this.resolve(body);
    const now = this.clock.now();
    return inTransaction(this.ds, async (em) => {
      const existing = await this.runs.unfinished(em, plan.from.versionId, plan.to.versionId);
      if (existing) {
        // Stored as jsonb, whose key order is its own: compared canonically.
        if (canonicalJson(existing.plan) !== canonicalJson(plan.plan)) {
          throw new DomainError(
            CaseMigrationErrorCode.MigrationRunning,
            `Run ${existing.id} from version ${plan.from.version} to ${plan.to.version} is not finished and has another plan: resume it first.`,
            { migrationId: existing.id },
          );
        }
        return { run: existing, created: false };
      }
      const total = await this.runs.countOnVersion(plan.from.versionId, em);
      const run = await this.runs.insert(em, {
        packId: plan.from.pack.manifest.id,
        fromVersionId: plan.from.versionId,
        toVersionId: plan.to.versionId,
        plan: plan.plan,
        startedBy: user.id,
        startedAt: now,
        total,
      });
      await this.audit.recordMany([this.audit.entry(user, 'sop.migration_started', null, [], { migrationId: run.id, plan: plan.plan, cases: total })], em);
      return { run, created: true };
    });
  }

  /**
   * Runs the batches of a run until no case of its from-version is left past its cursor. Safe to call
   * again on an interrupted or finished run, from any process: each batch locks the run row, and a
   * moved case is no longer on the from-version, so nothing moves twice.
   */
  async continue(user: CurrentUser, id: string, onBatch?: (run: MigrationRun) => void): Promise<MigrationRun> {
    try {
      for (;;) {
        const done = await inTransaction(this.ds, (em) => this.batch(em, user, id));
        const run = (await this.runs.find(id))!;
        onBatch?.(run);
        if (done) return run;
      }
    } catch (e) {
      await this.runs.fail(id, e instanceof Error ? e.message : String(e), this.clock.now());
      throw e;
    }
  }

  /** `continue` without waiting (the API): progress is on the run's row, a failure is recorded there. */
  continueInBackground(user: CurrentUser, id: string): void {
    this.continue(user, id).catch((e) => this.log.error(`case migration ${id} stopped: ${e instanceof Error ? e.message : e}`));
  }

  /**
   * The worker's part: continues, as the administrator who started it, one run whose process stopped
   * (no progress for ABANDONED_AFTER_MS), to its end. Null when there is none.
   */
  async resumeAbandoned(): Promise<MigrationRun | null> {
    const now = this.clock.now();
    const run = await this.runs.claimAbandoned(new Date(now.getTime() - ABANDONED_AFTER_MS), now);
    if (!run) return null;
    const user = await this.users.findById(run.startedBy);
    if (!user) throw new Error(`case migration ${run.id}: its administrator ${run.startedBy} no longer exists`);
    this.log.log(`case migration ${run.id}: resuming after ${run.moved + run.cannotMove} of ${run.total} cases`);
    return this.continue(toCurrentUser(user), run.id);
  }

  async get(id: string): Promise<MigrationRun> {
    const run = isUuid(id) ? await this.runs.find(id) : null;
    if (!run) throw new DomainError(CaseMigrationErrorCode.MigrationNotFound, `Case migration ${id} does not exist.`);
    return run;
  }

  async status(id: string, page: { outcome: 'moved' | 'cannot_move'; offset: number; limit: number }) {
    const run = await this.get(id);
    const [from, to] = await Promise.all([this.registry.get(run.fromVersionId), this.registry.get(run.toVersionId)]);
    const cases = await this.runs.cases(id, page.outcome, page.offset, page.limit);
    return {
      id: run.id,
      status: run.status,
      fromVersion: from.version,
      toVersion: to.version,
      plan: run.plan,
      startedAt: run.startedAt.toISOString(),
      updatedAt: run.updatedAt.toISOString(),
      finishedAt: run.finishedAt?.toISOString() ?? null,
      error: run.error,
      summary: { cases: run.total, moved: run.moved, cannotMove: run.cannotMove, byReason: await this.runs.reasons(id) },
      outcome: page.outcome,
      offset: page.offset,
      limit: page.limit,
      total: cases.total,
      items: cases.items.map((c) => ({ ...c, at: c.at.toISOString() })),
    };
  }

  /** One batch in the caller's transaction; true when the run is finished. */
  private async batch(em: EntityManager, user: CurrentUser, id: string): Promise<boolean> {
    const run = await this.runs.lock(em, id);
    if (!run) throw new DomainError(CaseMigrationErrorCode.MigrationNotFound, `Case migration ${id} does not exist.`);
    if (run.status === 'finished') return true;
    const now = this.clock.now();
    const [fromSop, toSop] = await Promise.all([this.registry.get(run.fromVersionId), this.registry.get(run.toVersionId)]);
    const plan = resolvePlan(run.plan, planSide(fromSop), planSide(toSop));
    const rows = await this.runs.casesOnVersion(em, run.fromVersionId, run.lastCaseId, MIGRATION_BATCH_SIZE, true);
    if (!rows.length) {
      await this.runs.finish(em, id, now);
      await this.audit.recordMany(
        [this.audit.entry(user, 'sop.migration_finished', null, [], { migrationId: id, moved: run.moved, cannotMove: run.cannotMove })],
        em,
      );
      return true;
    }
    const subs = await this.records.submissionsOfCases(
      em,
      rows.map((r) => r.id),
    );
    const outcomes: Parameters<CaseMigrationsRepository['recordCases']>[2] = [];
    const auditInto: AuditEntry[] = [];
    for (const row of rows) {
      const decision = planCaseMove(plan, toCaseInput(row, subs.get(row.id) ?? []));
      if (decision.outcome === 'cannot_move') {
        outcomes.push({ caseId: row.id, outcome: 'cannot_move', reason: decision.reason, detail: { detail: decision.detail } });
        continue;
      }
      await this.move(em, user, run, plan, row, decision, now, auditInto);
      const { row: _row, submissions: _subs, ...shown } = decision;
      outcomes.push({ caseId: row.id, outcome: 'moved', reason: null, detail: shown });
    }
    await this.runs.recordCases(em, id, outcomes, now);
    const moved = outcomes.filter((o) => o.outcome === 'moved').length;
    await this.runs.advance(em, id, { lastCaseId: rows[rows.length - 1].id, moved, cannotMove: outcomes.length - moved, at: now });
    // Last: the audit append holds its chains' locks until commit (docs/adr/0004).
    await this.audit.recordMany(auditInto, em);
    return false;
  }

  private async move(
    em: EntityManager,
    user: CurrentUser,
    run: MigrationRun,
    plan: ResolvedPlan,
    row: CaseEntity,
    move: CaseMove,
    now: Date,
    auditInto: AuditEntry[],
  ) {
    for (const s of move.submissions) await this.runs.updateSubmission(em, s);
    const event = (type: string, data: Record<string, unknown>): NewCaseEvent => ({ caseId: row.id, type, actorId: user.id, at: now, data });
    const events: NewCaseEvent[] = [
      event('sop_migrated', {
        migrationId: run.id,
        fromVersion: plan.from.version,
        toVersion: plan.to.version,
        step: move.step,
        renamed: move.renamed,
        defaults: move.defaults.map((d) => `${d.form}.${d.field}`),
        tasks: move.tasks.map((t) => `${t.form}.${t.field}`),
        deadlines: plan.plan.deadlines,
      }),
    ];
    for (const t of move.tasks) {
      const reason = `Answer "${t.field}" of the form "${t.form}": required since SOP version ${plan.to.version}.`;
      const flagId = await this.runs.addFlag(em, { caseId: row.id, reason, by: user.id, at: now });
      events.push(event('flag_added', { flagId, reason }));
    }
    const patch: Partial<CaseEntity> = { sopVersionId: plan.to.versionId, step: move.row.step, stepHistory: move.row.stepHistory, answers: move.row.answers };
    if (plan.plan.deadlines === 'recompute') {
      // The ordinary commit: under the new version, its deadline rules re-plan the open deadlines from the same anchors.
      const toSop = await this.registry.get(plan.to.versionId);
      await this.writer.commit(em, toSop, {
        caseId: row.id,
        expectedVersion: row.version,
        patch,
        events,
        now,
        actorId: user.id,
        actor: user,
        auditInto,
        current: row,
      });
      return;
    }
    // keep: the row and the timeline change, the stored deadlines do not, now or at the case's later changes.
    await this.cases.update(em, row.id, row.version, { ...patch, updatedAt: now });
    await this.runs.keepOpenDeadlines(em, row.id);
    await this.records.appendEvents(em, events);
    for (const e of events) auditInto.push(this.audit.entry(user, `case.${e.type}`, row.id, [], e.data));
  }

  /** The open deadlines before and after the move, planned by the new version's rules (the dry run's preview). */
  private deadlineChanges(toSop: CompiledSop, row: CaseEntity, move: CaseMove, subs: FormSubmissionEntity[], stored: StoredDeadline[]): DeadlineChange[] {
    const moved = { ...row, step: move.row.step, stepHistory: move.row.stepHistory, answers: move.row.answers };
    const byId = new Map(move.submissions.map((s) => [s.id, s]));
    const movedSubs = subs.map((s) => ({ ...s, ...byId.get(s.id) }));
    const now = this.clock.now();
    const plan = planDeadlines(toSop.pack, toSnapshot(moved, movedSubs, null), stored, now, toSop.engine.operators);
    const before = new Map(stored.map((d) => [d.key, d]));
    const def = (key: string) => before.get(key)?.definitionId ?? key.split(':')[0];
    return [
      ...plan.reschedule.map((r) => ({ key: r.key, deadline: def(r.key), before: before.get(r.key)!.dueAt.toISOString(), after: r.dueAt.toISOString() })),
      ...plan.create.map((c) => ({ key: c.key, deadline: c.definition.id, before: null, after: c.dueAt.toISOString() })),
      ...[...plan.cancel, ...plan.close]
        .filter((c) => before.has(c.key))
        .map((c) => ({ key: c.key, deadline: def(c.key), before: before.get(c.key)!.dueAt.toISOString(), after: null })),
    ];
  }
}

function planSide(sop: CompiledSop) {
  return { versionId: sop.versionId, version: sop.version, pack: sop.pack, forms: sop.forms };
}

function toCaseInput(row: CaseEntity, subs: FormSubmissionEntity[]): CaseToMove {
  return {
    id: row.id,
    caseNumber: row.caseNumber,
    status: row.status,
    step: row.step,
    stepHistory: row.stepHistory,
    answers: row.answers ?? {},
    submissions: subs.map((s) => ({ id: s.id, formId: s.formId, answers: s.answers })),
  };
}
