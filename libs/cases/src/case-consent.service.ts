import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Clock, DomainError, pickLabel, validateCommand } from '@app/core';
import { inTransaction } from '@app/database';
import type { AssentDef } from '@app/pack-types';
import type { CurrentUser } from '@app/identity';
import { CaseAccess, CaseAccessService } from './case-access';
import { CaseAudit } from './case-audit';
import { blankFreeText, mayReadIdentity } from './case-disclosure';
import { CaseErrorCode } from './cases.errors';
import { CaseWriter } from './case-writer';
import { CaseConsentsRepository, ConsentRecord } from './repositories/case-consents.repository';
import type { NewCaseEvent } from './repositories/case-records.repository';

export const RECORD_CONSENT_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['purpose', 'decision', 'givenBy', 'method'],
  properties: {
    purpose: { type: 'string', minLength: 1, maxLength: 100 },
    kind: {
      type: 'string',
      enum: ['consent', 'assent'],
      description: "consent: given by someone the pack lists as able to; assent: the person's own agreement, only where and at the ages the pack asks for it",
    },
    decision: { type: 'string', enum: ['granted', 'refused', 'withdrawn'] },
    givenBy: { type: 'string', minLength: 1, maxLength: 50, description: 'one of the consent givers the SOP pack lists (GET .../consents gives them)' },
    givenByName: { type: 'string', maxLength: 200 },
    method: { type: 'string', minLength: 1, maxLength: 50 },
    givenAt: { type: 'string', format: 'date-time' },
    notes: { type: 'string', maxLength: 2000 },
  },
};

export interface RecordConsentCommand {
  purpose: string;
  kind?: 'consent' | 'assent';
  decision: 'granted' | 'refused' | 'withdrawn';
  givenBy: string;
  givenByName?: string;
  method: string;
  givenAt?: string;
  notes?: string;
}

export type ConsentedAction = 'share' | 'referral' | 'tracing';

/** The state of one purpose: the latest consent record decides (a withdrawal ends an earlier grant). */
export function consentState(records: ConsentRecord[], purpose: string, kind: 'consent' | 'assent' = 'consent'): ConsentRecord['decision'] | 'unknown' {
  const mine = records.filter((r) => r.purpose === purpose && r.kind === kind);
  return mine.length ? mine[mine.length - 1].decision : 'unknown';
}

/**
 * Why assent cannot be recorded, or null: the pack must ask for it, and, where the person's date of
 * birth is known, at their age on the day it was given.
 */
export function assentRefusal(assent: AssentDef | undefined, dateOfBirth: string | null, at: Date): string | null {
  if (!assent) return 'this SOP does not ask for assent; record consent';
  if (!dateOfBirth) return null;
  const age = completedYears(dateOfBirth, at);
  const from = assent.fromAge ?? 0;
  if (age < from || (assent.untilAge !== undefined && age >= assent.untilAge)) {
    return `this SOP asks for assent from age ${from}${assent.untilAge !== undefined ? ` until ${assent.untilAge}` : ''}; the person was ${age}`;
  }
  return null;
}

/** The timeline event of a consent record, whether recorded through the API or by a form (`source` says which form and field). */
export function consentRecordedEvent(
  caseId: string,
  actorId: string,
  at: Date,
  consentId: string,
  r: Pick<ConsentRecord, 'purpose' | 'kind' | 'decision' | 'givenBy' | 'method'>,
  source: { fromForm: string; field: string } | Record<string, never> = {},
): NewCaseEvent {
  return {
    caseId,
    type: 'consent_recorded',
    actorId,
    at,
    data: { consentId, purpose: r.purpose, kind: r.kind, decision: r.decision, givenBy: r.givenBy, method: r.method, ...source },
  };
}

function completedYears(dateOfBirth: string, at: Date): number {
  const [y, m, d] = dateOfBirth.slice(0, 10).split('-').map(Number);
  const age = at.getUTCFullYear() - y;
  return at.getUTCMonth() + 1 < m || (at.getUTCMonth() + 1 === m && at.getUTCDate() < d) ? age - 1 : age;
}

/**
 * Consent and assent per case and purpose (who, when, how), and the check that actions needing a
 * purpose's consent (sharing, referral, tracing, as the pack says) have it, or an audited override.
 */
@Injectable()
export class CaseConsentService {
  constructor(
    private readonly ds: DataSource,
    private readonly access: CaseAccessService,
    private readonly consents: CaseConsentsRepository,
    private readonly writer: CaseWriter,
    private readonly audit: CaseAudit,
    private readonly clock: Clock,
  ) {}

  async list(user: CurrentUser, caseId: string, locale: string) {
    const a = await this.access.readable(user, caseId);
    if (!a.perms.canOnCase('read', 'consent', a.facts)) {
      throw new DomainError(CaseErrorCode.ConsentNotPermitted, 'Your role may not read the consent records of this case.');
    }
    const records = await this.consents.list(caseId);
    const sec = a.sop.pack.security.consent;
    const assent = sec.assent ? { fromAge: sec.assent.fromAge ?? 0, untilAge: sec.assent.untilAge ?? null } : undefined;
    await this.audit.record(user, 'consent.read', caseId);
    const identity = mayReadIdentity(a);
    return {
      purposes: a.sop.pack.security.consent.purposes.map((p) => ({
        purpose: p.id,
        label: pickLabel(p.label, locale),
        consent: consentState(records, p.id, 'consent'),
        assent: assent ? consentState(records, p.id, 'assent') : null,
      })),
      // Who gave it (a parent's name) and the notes are about the family: for readers of the child's identity.
      records: records.map((r) => ({
        ...(identity ? r : blankFreeText(r, ['givenByName', 'notes'])),
        givenAt: new Date(r.givenAt).toISOString(),
        recordedAt: new Date(r.recordedAt).toISOString(),
      })),
      // What a consent record may say, for the forms that record one.
      methods: a.sop.pack.security.consent.methods,
      givers: sec.givers.map((g) => g.id),
      giverLabels: Object.fromEntries(sec.givers.map((g) => [g.id, pickLabel(g.label, locale)])),
      // Whether the pack asks for assent, and at what ages (null: never; the form offers consent only).
      assent: assent ?? null,
      mayRecord: a.perms.canOnCase('record', 'consent', a.facts),
    };
  }

  async record(user: CurrentUser, caseId: string, body: unknown) {
    const cmd = validateCommand<RecordConsentCommand>(RECORD_CONSENT_SCHEMA, body);
    const now = this.clock.now();
    return inTransaction(this.ds, async (em) => {
      const a = await this.access.lockReadable(em, user, caseId);
      if (!a.perms.canOnCase('record', 'consent', a.facts)) {
        throw new DomainError(CaseErrorCode.ConsentNotPermitted, 'Your role may not record consent on this case.');
      }
      const sec = a.sop.pack.security.consent;
      const errors = [];
      if (!sec.purposes.some((p) => p.id === cmd.purpose))
        errors.push({ path: '/purpose', message: `must be one of: ${sec.purposes.map((p) => p.id).join(', ')}` });
      if (!sec.methods.includes(cmd.method)) errors.push({ path: '/method', message: `must be one of: ${sec.methods.join(', ')}` });
      if (!sec.givers.some((g) => g.id === cmd.givenBy))
        errors.push({ path: '/givenBy', message: `must be one of: ${sec.givers.map((g) => g.id).join(', ')}` });
      const givenAt = cmd.givenAt ? new Date(cmd.givenAt) : now;
      if (givenAt > now) errors.push({ path: '/givenAt', message: 'cannot be in the future' });
      if (cmd.kind === 'assent') {
        const refusal = assentRefusal(sec.assent, a.row.dateOfBirth, givenAt);
        if (refusal) errors.push({ path: '/kind', message: refusal });
      }
      if (errors.length) throw new DomainError('validation_failed', 'The consent record is not valid; nothing was saved.', { errors });
      const kind = cmd.kind ?? 'consent';
      const id = await this.consents.insert(em, {
        caseId,
        purpose: cmd.purpose,
        kind,
        decision: cmd.decision,
        givenBy: cmd.givenBy,
        givenByName: cmd.givenByName ?? null,
        method: cmd.method,
        givenAt,
        recordedBy: user.id,
        recordedAt: now,
        notes: cmd.notes ?? null,
      });
      await this.writer.commit(em, a.sop, {
        caseId,
        expectedVersion: null,
        patch: {},
        now,
        actorId: user.id,
        actor: user,
        events: [
          consentRecordedEvent(caseId, user.id, now, id, { purpose: cmd.purpose, kind, decision: cmd.decision, givenBy: cmd.givenBy, method: cmd.method }),
        ],
      });
      return { id };
    });
  }

  /**
   * Refuses `action` unless the consent its purpose needs is granted, or the actor's role may
   * override and gives a written reason. Returns whether an override was used (the caller audits it).
   */
  async require(
    em: EntityManager,
    a: CaseAccess,
    action: ConsentedAction,
    overrideReason: string | undefined,
  ): Promise<{ purpose: string | null; overridden: boolean }> {
    const purpose = a.sop.pack.security.consent.requiredFor[action] ?? null;
    if (!purpose) return { purpose, overridden: false };
    const state = consentState(await this.consents.list(a.row.id, em), purpose);
    if (state === 'granted') return { purpose, overridden: false };
    if (overrideReason === undefined) {
      throw new DomainError(
        CaseErrorCode.ConsentMissing,
        `This needs the "${purpose}" consent, which is ${state === 'unknown' ? 'not recorded' : state}. Record the consent first, or, if your role may, give a written reason to override.`,
        { purpose, consent: state },
      );
    }
    if (!a.perms.canOnCase('override', 'consent', a.facts)) {
      throw new DomainError(CaseErrorCode.ConsentOverrideForbidden, `Your role may not override missing "${purpose}" consent.`, { purpose });
    }
    const min = a.sop.pack.security.overrideReasonMinLength;
    if (overrideReason.trim().length < min) {
      throw new DomainError('validation_failed', `The reason for overriding consent must be at least ${min} characters.`, {
        errors: [{ path: '/consentOverrideReason', message: `at least ${min} characters`, messageKey: 'minLength', params: { limit: min } }],
      });
    }
    return { purpose, overridden: true };
  }
}
