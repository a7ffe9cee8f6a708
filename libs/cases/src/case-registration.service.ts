import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Clock, DomainError } from '@app/core';
import { CaseEntity, inTransaction } from '@app/database';
import type { CurrentUser } from '@app/identity';
import { SopRegistry } from '@app/sop-registry';
import { CaseAccessService, factsOf, permissionsFor } from './case-access';
import { NO_GRANTS } from './repositories/case-grants.repository';
import { caseNumberTemplate } from './case-number';
import type { AuditEntry } from '@app/audit';
import { CaseAudit } from './case-audit';
import { CaseEventHooks } from './case-hooks';
import { CaseErrorCode } from './cases.errors';
import { checkAnswers, identityFrom, riskFrom } from './case-answers';
import { CaseWriter } from './case-writer';
import { CaseViews } from './case-views';
import { FormConsentRecorder } from './consent-from-forms';
import { possibleDuplicates } from './possible-duplicates';
import { checkAtEntry, newCaseSnapshot } from './data-quality-at-entry';
import { CasesRepository } from './repositories/cases.repository';
import { CaseRecordsRepository, NewCaseEvent } from './repositories/case-records.repository';
import { CaseIntakeService } from './intake/case-intake.service';

export interface RegisterCaseCommand {
  caseType: string;
  /** Answers to the case type's start form (registration or notification). */
  answers: Record<string, unknown>;
  /** Existing cases to link, e.g. the notification this registration follows, or siblings. */
  links?: Array<{ caseId: string; kind: string }>;
}

/** Registers cases: numbering, start form, links, first deadlines, all in one transaction. */
@Injectable()
export class CaseRegistrationService {
  constructor(
    private readonly ds: DataSource,
    private readonly registry: SopRegistry,
    private readonly cases: CasesRepository,
    private readonly records: CaseRecordsRepository,
    private readonly writer: CaseWriter,
    private readonly access: CaseAccessService,
    private readonly hooks: CaseEventHooks,
    private readonly audit: CaseAudit,
    private readonly clock: Clock,
    private readonly intake: CaseIntakeService,
    private readonly formConsents: FormConsentRecorder,
    private readonly views: CaseViews,
  ) {}

  /** `readBack`: the reply shows the new case as the registrar may see it, read and audited in the registration's transaction (`view`, null if they may not read it).
   * `within`: more writes of the caller in the registration's transaction (an import records the row's external id: both or neither).
   * `assignTo`: the owner instead of the case type's rule (an import: nobody, or the user its file names). */
  async register(
    user: CurrentUser,
    cmd: RegisterCaseCommand,
    locale: string = user.locale,
    options: { readBack?: boolean; within?: (em: EntityManager, caseId: string) => Promise<void>; assignTo?: string | null } = {},
  ) {
    const sop = await this.registry.current();
    const caseType = sop.pack.manifest.caseTypes.find((t) => t.id === cmd.caseType);
    if (!caseType) {
      throw new DomainError(CaseErrorCode.UnknownCaseType, `Unknown case type "${cmd.caseType}".`, {
        known: sop.pack.manifest.caseTypes.map((t) => t.id),
      });
    }
    const perms = permissionsFor(sop, user);
    if (!perms.canCreate(caseType.id)) {
      throw new DomainError(CaseErrorCode.CaseTypeNotPermitted, `Your role may not register ${caseType.id} cases.`);
    }
    const startStep = sop.pack.workflow.steps.find((s) => s.id === caseType.startStep)!;
    const status = startStep.kind === 'terminal' ? 'closed' : startStep.kind === 'paused' ? 'paused' : 'open';
    const assignedTo = options.assignTo !== undefined ? options.assignTo : caseType.assignTo === 'creator' ? user.id : null;
    // The start form is checked against the case as it will be once created.
    const facts = factsOf(
      {
        caseType: caseType.id,
        step: startStep.id,
        status,
        createdBy: user.id,
        assignedTo,
        teamId: user.teamId,
        agencyId: user.agencyId,
        locationPath: user.locationPath,
      } as CaseEntity,
      NO_GRANTS,
    );
    checkAnswers(sop, { perms, facts }, caseType.startForm, cmd.answers, {}, 'complete');
    const now = this.clock.now();
    const form = sop.pack.forms.find((f) => f.id === caseType.startForm)!;
    const warnings = checkAtEntry(
      sop.pack,
      newCaseSnapshot(
        {
          caseType: caseType.id,
          step: startStep.id,
          status,
          createdBy: user.id,
          assignedTo,
          risk: riskFrom(caseType, caseType.startForm, cmd.answers),
          location: user.locationCode,
        },
        now,
      ),
      { formId: form.id, formVersion: form.version, answers: cmd.answers, replaces: null, status: 'complete' },
      now,
      locale,
    );

    const links = cmd.links ?? [];
    const linked = await this.cases.findByIds(links.map((l) => l.caseId));
    const readable = await this.access.readableIds(user, linked);
    for (const l of links) {
      if (!readable.has(l.caseId)) {
        throw new DomainError(CaseErrorCode.LinkTargetNotFound, `Case ${l.caseId} does not exist or you may not see it.`, {
          errors: [{ path: `/links/${links.indexOf(l)}/caseId`, message: 'unknown case' }],
        });
      }
    }

    const identity = identityFrom(caseType, caseType.startForm, cmd.answers);
    // Shown: the matches the registrar may read; recorded: all, for each timeline reader to see what they may.
    const duplicates = await possibleDuplicates(this.cases, this.access, user, identity, user.locationPath);

    // The number is drawn in a statement of its own, after every check: held to the end of the
    // registration, the district's counter row made its registrations queue one behind another. A
    // registration failing after this point (rare) leaves a gap in the sequence.
    const numbering = caseNumberTemplate(sop.pack, caseType.id, caseType.caseNumberFormat, user.locationPath, now);
    const caseNumber = numbering.render(await this.cases.nextSequence(this.ds.manager, numbering.sequenceKey));
    const row = await inTransaction(this.ds, async (em) => {
      const created = await this.cases.insert(em, {
        caseNumber,
        caseType: caseType.id,
        sopVersionId: sop.versionId,
        step: startStep.id,
        status,
        risk: riskFrom(caseType, caseType.startForm, cmd.answers),
        displayName: identity.displayName,
        dateOfBirth: identity.dateOfBirth,
        sex: identity.sex,
        assignedTo,
        createdBy: user.id,
        teamId: user.teamId,
        agencyId: user.agencyId,
        locationCode: user.locationCode,
        locationPath: user.locationPath,
        answers: { [caseType.startForm]: cmd.answers },
        fields: {},
        stepHistory: [{ step: startStep.id, enteredAt: now.toISOString(), leftAt: null }],
        transitionsDone: [],
        version: 1,
        registeredAt: now,
        updatedAt: now,
        closedAt: null,
      });
      const submission = await this.records.saveSubmission(em, {
        caseId: created.id,
        formId: form.id,
        formVersion: form.version,
        status: 'complete',
        answers: cmd.answers,
        createdBy: user.id,
        createdAt: now,
        updatedBy: user.id,
        updatedAt: now,
        completedAt: now,
        firstCompletedAt: now,
      });
      const events: NewCaseEvent[] = [
        {
          caseId: created.id,
          type: 'case_registered',
          actorId: user.id,
          at: now,
          data: { caseNumber, caseType: caseType.id, step: startStep.id, sopVersion: sop.version, possibleDuplicates: duplicates.recorded },
        },
        { caseId: created.id, type: 'form_submitted', actorId: user.id, at: now, data: { form: form.id, formVersion: form.version } },
        // Consent the start form records (security.json consent.fromForms), as if recorded through the consent API.
        ...(await this.formConsents.record(
          em,
          sop,
          user,
          created.id,
          { formId: form.id, answers: cmd.answers, previous: null, dateOfBirth: identity.dateOfBirth, at: now },
          true,
        )),
      ];
      // A case type with an intake queue: owned by nobody yet, waiting for the team covering its place.
      const queued = await this.intake.enqueue(em, sop.pack, caseType, created, user.id, now);
      if (queued) events.push(queued);
      // The linked cases get their event too (timeline, hooks); every audit entry is written together, last.
      const audit: AuditEntry[] = [];
      for (const l of links) {
        for (const [from, to] of [
          [created.id, l.caseId],
          [l.caseId, created.id],
        ]) {
          await this.cases.insertLink(em, { caseId: from, linkedCaseId: to, kind: l.kind, createdBy: user.id, createdAt: now });
        }
        const other = await this.cases.lock(em, l.caseId);
        events.push({ caseId: created.id, type: 'case_linked', actorId: user.id, at: now, data: { caseId: l.caseId, kind: l.kind } });
        const toOther = { caseId: l.caseId, type: 'case_linked', actorId: user.id, at: now, data: { caseId: created.id, caseNumber, kind: l.kind } };
        await this.records.appendEvents(em, [toOther]);
        await this.hooks.dispatch({ ...toOther, sop: other ? await this.registry.get(other.sopVersionId) : sop, em });
        audit.push(this.audit.entry(user, 'case.case_linked', l.caseId, [], toOther.data));
      }
      const committed = await this.writer.commit(em, sop, {
        caseId: created.id,
        expectedVersion: null,
        patch: {},
        events,
        now,
        actorId: user.id,
        actor: user,
        auditInto: audit,
        isNew: true,
        current: created,
        // A new case: its one submission, no approval, no referral yet.
        known: { submissions: [submission], pending: null, referrals: [] },
      });
      // A new case has no grants yet: the registrar's access is judged on the row as registered. What
      // its view shows beside the row is known too, unless it went to an intake queue (read back then).
      const parts = queued
        ? undefined
        : {
            submissions: [submission],
            pending: null,
            links: links.map((l) => ({ linkedCaseId: l.caseId, kind: l.kind, caseNumber: linked.find((c) => c.id === l.caseId)!.caseNumber })),
            ownerName: assignedTo === user.id ? user.displayName : null,
            intake: null,
          };
      const read = options.readBack
        ? await this.views.readAfterOwnChange(em, user, { row: committed, sop, perms, facts: factsOf(committed, NO_GRANTS) }, committed, locale, parts)
        : undefined;
      if (read) audit.push(read.entry);
      if (options.within) await options.within(em, committed.id);
      await this.audit.recordMany(audit, em);
      return { row: committed, view: read === undefined ? undefined : (read?.view ?? null) };
    });
    return { caseId: row.row.id, caseNumber: row.row.caseNumber, possibleDuplicates: duplicates.shown, warnings, view: row.view };
  }
}
