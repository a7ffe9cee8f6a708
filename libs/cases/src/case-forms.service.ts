import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock, DomainError } from '@app/core';
import { CaseEntity, FormSubmissionEntity, inTransaction } from '@app/database';
import type { CurrentUser } from '@app/identity';
import { formAvailability } from '@app/workflow';
import { CaseAccessService, staleVersion } from './case-access';
import { checkAnswers, identityFrom, riskFrom } from './case-answers';
import { toSnapshot } from './case-snapshot';
import { CaseWriter } from './case-writer';
import { CaseAudit } from './case-audit';
import { CaseRead, CaseViews } from './case-views';
import type { AuditEntry } from '@app/audit';
import { FormConsentRecorder } from './consent-from-forms';
import { CaseErrorCode } from './cases.errors';
import { checkAtEntry, DataQualityNotice } from './data-quality-at-entry';
import { CaseRecordsRepository } from './repositories/case-records.repository';

export interface FillFormCommand {
  caseId: string;
  formId: string;
  answers: unknown;
  /** `draft` saves work in progress (types checked, required fields not); `complete` submits. */
  status: 'draft' | 'complete';
  expectedVersion: number;
  /** Repeatable forms: `new` adds an entry, an id updates that entry. Absent for single forms. */
  entry?: 'new' | string;
  /** Language of data-quality messages (default: the user's). */
  locale?: string;
}

/** Filling and updating forms on a case: permission, step, field-level rules, schema, then one transaction. */
@Injectable()
export class CaseFormsService {
  constructor(
    private readonly ds: DataSource,
    private readonly access: CaseAccessService,
    private readonly records: CaseRecordsRepository,
    private readonly writer: CaseWriter,
    private readonly clock: Clock,
    private readonly formConsents: FormConsentRecorder,
    private readonly views: CaseViews,
    private readonly audit: CaseAudit,
  ) {}

  /**
   * `readBack`: the reply shows the case as the user now sees it, read and audited in this
   * transaction (`view`; null if the change left it beyond their reach), so the reply costs no second commit.
   */
  async fill(
    user: CurrentUser,
    cmd: FillFormCommand,
    options: { readBack?: boolean } = {},
  ): Promise<{ submissionId: string; version: number; warnings: DataQualityNotice[]; view?: CaseRead['view'] | null }> {
    const now = this.clock.now();

    return inTransaction(this.ds, async (em) => {
      // Checked on the locked row only (one read of the case, not two): the same answers in the same order.
      const { access, parts } = await this.access.lockReadableWithParts(em, user, cmd.caseId);
      const { sop, row } = access;
      if (cmd.status !== 'draft' && cmd.status !== 'complete') {
        throw new DomainError('validation_failed', 'status must be "draft" or "complete".', {
          errors: [{ path: '/status', message: 'must be one of: draft, complete' }],
        });
      }
      if (!sop.forms.has(cmd.formId)) throw new DomainError(CaseErrorCode.UnknownForm, `Form "${cmd.formId}" is not part of this case's SOP version.`);
      const repeatable = sop.pack.workflow.steps.some((s) => s.forms?.some((f) => f.form === cmd.formId && f.use === 'repeatable'));
      if (repeatable && cmd.entry === undefined) {
        throw new DomainError(CaseErrorCode.FormNotAvailable, `"${cmd.formId}" is a repeatable form: add entries with POST .../forms/${cmd.formId}/entries.`);
      }
      if (!repeatable && cmd.entry !== undefined) {
        throw new DomainError(CaseErrorCode.FormNotAvailable, `"${cmd.formId}" is not a repeatable form: use PUT .../forms/${cmd.formId}.`);
      }
      if (row.version !== cmd.expectedVersion) throw staleVersion(row);
      const { submissions, pending } = parts;
      const snapshot = toSnapshot(row, submissions, pending);
      if (access.perms.formFields('fill', cmd.formId, access.facts).length === 0) {
        throw new DomainError(CaseErrorCode.FormNotPermitted, `Your role may not fill the form "${cmd.formId}" on this case.`);
      }
      const decision = formAvailability(sop.pack, snapshot, cmd.formId);
      if (!decision.allowed) {
        throw new DomainError(CaseErrorCode.FormNotAvailable, decision.reasons.map((r) => r.message).join(' '), { reasons: decision.reasons });
      }
      const existing = findExisting(submissions, cmd);
      const answers = checkAnswers(sop, access, cmd.formId, cmd.answers, existing?.answers ?? {}, cmd.status);
      const form = sop.pack.forms.find((f) => f.id === cmd.formId)!;
      const complete = cmd.status === 'complete';
      // Before anything is written: an error check refuses the answers and the transaction leaves no trace.
      const warnings = checkAtEntry(
        sop.pack,
        snapshot,
        {
          formId: form.id,
          formVersion: form.version,
          answers,
          replaces: existing?.id ?? null,
          status: cmd.status,
        },
        now,
        cmd.locale ?? user.locale,
      );
      const saved = await this.records.saveSubmission(em, {
        ...(existing ?? { caseId: row.id, formId: form.id, createdBy: user.id, createdAt: now }),
        formVersion: form.version,
        status: cmd.status,
        answers,
        updatedBy: user.id,
        updatedAt: now,
        completedAt: complete ? now : null,
        firstCompletedAt: existing?.firstCompletedAt ?? (complete ? now : null),
      });

      const caseType = sop.pack.manifest.caseTypes.find((t) => t.id === row.caseType)!;
      const patch: Partial<CaseEntity> = {};
      if (!repeatable) patch.answers = { ...row.answers, [form.id]: answers };
      if (complete) {
        const risk = riskFrom(caseType, form.id, answers);
        if (risk !== null) patch.risk = risk;
        const identity = identityFrom(caseType, form.id, answers);
        if (identity.touched) Object.assign(patch, { displayName: identity.displayName, dateOfBirth: identity.dateOfBirth, sex: identity.sex });
      }
      const after = existing ? submissions.map((s) => (s.id === existing.id ? saved : s)) : [...submissions, saved];
      const type = !complete ? 'form_draft_saved' : existing?.status === 'complete' ? 'form_updated' : 'form_submitted';
      // Consent the answers record (security.json consent.fromForms), in this transaction, after the form's own event.
      const consentEvents = complete
        ? await this.formConsents.record(em, sop, user, row.id, {
            formId: form.id,
            answers,
            previous: existing?.status === 'complete' ? existing.answers : null,
            dateOfBirth: patch.dateOfBirth !== undefined ? patch.dateOfBirth : row.dateOfBirth,
            at: now,
          })
        : [];
      const audit: AuditEntry[] = [];
      const committed = await this.writer.commit(em, sop, {
        caseId: row.id,
        auditInto: audit,
        expectedVersion: cmd.expectedVersion,
        current: row,
        patch,
        // The submissions as they now stand (the approval is untouched by a form): not read back.
        known: { submissions: after, pending },
        now,
        actorId: user.id,
        actor: user,
        events: [
          {
            caseId: row.id,
            type,
            actorId: user.id,
            at: now,
            data: { form: form.id, formVersion: form.version, entryId: saved.id, fields: Object.keys(cmd.answers as object) },
          },
          ...consentEvents,
        ],
      });
      const read = options.readBack
        ? await this.views.readAfterOwnChange(em, user, access, committed, cmd.locale ?? user.locale, { ...parts, submissions: after })
        : undefined;
      if (read) audit.push(read.entry);
      // Last: the audit append holds its chains' locks until commit.
      await this.audit.recordMany(audit, em);
      return { submissionId: saved.id, version: committed.version, warnings, view: read === undefined ? undefined : (read?.view ?? null) };
    });
  }
}

function findExisting(submissions: FormSubmissionEntity[], cmd: FillFormCommand): FormSubmissionEntity | null {
  if (cmd.entry === 'new') return null;
  if (cmd.entry !== undefined) {
    const entry = submissions.find((s) => s.id === cmd.entry && s.formId === cmd.formId);
    if (!entry) throw new DomainError(CaseErrorCode.EntryNotFound, `Entry ${cmd.entry} of "${cmd.formId}" does not exist on this case.`);
    return entry;
  }
  return [...submissions].reverse().find((s) => s.formId === cmd.formId) ?? null;
}
