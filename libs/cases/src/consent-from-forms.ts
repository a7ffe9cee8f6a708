import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ConsentFromFormDef, SecurityDef } from '@app/pack-types';
import type { CurrentUser } from '@app/identity';
import type { CompiledSop } from '@app/sop-registry';
import { assentRefusal, consentRecordedEvent, consentState } from './case-consent.service';
import { CaseConsentsRepository, ConsentRecord } from './repositories/case-consents.repository';
import type { NewCaseEvent } from './repositories/case-records.repository';

/** A consent record a form's answers make (security.json consent.fromForms). */
export type ConsentFromForm = Pick<ConsentRecord, 'purpose' | 'kind' | 'decision' | 'givenBy' | 'givenByName' | 'method'> & { field: string };

export interface CompleteFormSave {
  formId: string;
  /** The answers as saved (complete). */
  answers: Record<string, unknown>;
  /** The answers of the same submission when it was last saved complete; null for a first completion. */
  previous: Record<string, unknown> | null;
  /** The person's date of birth as the save leaves it (assent ages). */
  dateOfBirth: string | null;
  at: Date;
}

/**
 * The consent records a complete form save makes: for each mapped question whose answer is mapped
 * to a decision, one per purpose whose current state differs. An answer unchanged since the last
 * complete save records nothing, so re-saving a form for another field never undoes a consent
 * withdrawn through the consent register meanwhile. Assent outside the pack's ages is not recorded
 * (the same rule the consent API applies).
 */
export function consentsFromAnswers(consent: SecurityDef['consent'], save: CompleteFormSave, records: ConsentRecord[]): ConsentFromForm[] {
  const out: ConsentFromForm[] = [];
  // What this save records counts for the next mapping of the same purpose.
  const known: Array<Pick<ConsentRecord, 'purpose' | 'kind' | 'decision'>> = [...records];
  for (const m of consent.fromForms ?? []) {
    if (m.form !== save.formId) continue;
    const value = answerAt(save.answers, m.field);
    if (save.previous && answerAt(save.previous, m.field) === value) continue;
    const decision = typeof value === 'string' && Object.hasOwn(m.decisions, value) ? m.decisions[value] : undefined;
    if (!decision) continue;
    const kind = m.kind ?? 'consent';
    if (kind === 'assent' && assentRefusal(consent.assent, save.dateOfBirth, save.at)) continue;
    const name = m.givenByName ? answerAt(save.answers, m.givenByName.field) : undefined;
    const givenByName = typeof name === 'string' && name.trim() ? name.trim() : null;
    const givenBy = giverOf(m.givenBy, save.answers);
    for (const purpose of m.purposes) {
      if (consentState(known as ConsentRecord[], purpose, kind) === decision) continue;
      out.push({ purpose, kind, decision, givenBy, givenByName, method: m.method, field: m.field });
      known.push({ purpose, kind, decision });
    }
  }
  return out;
}

function giverOf(givenBy: ConsentFromFormDef['givenBy'], answers: Record<string, unknown>): string {
  if (typeof givenBy === 'string') return givenBy;
  const value = answerAt(answers, givenBy.field);
  if (typeof value !== 'string') return givenBy.otherwise;
  if (!givenBy.values) return value;
  return Object.hasOwn(givenBy.values, value) ? givenBy.values[value] : givenBy.otherwise;
}

function answerAt(answers: Record<string, unknown>, dotted: string): unknown {
  let node: unknown = answers;
  for (const part of dotted.split('.')) {
    if (!node || typeof node !== 'object' || Array.isArray(node)) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

/**
 * Records, in the caller's transaction, the consent a complete form save states, through the
 * consent repository and with the same `consent_recorded` event as the consent API. The user
 * saving the form records it: filling a mapped question is how the pack's procedure records
 * consent, so the form's `fill` rules on that field decide who may.
 */
@Injectable()
export class FormConsentRecorder {
  constructor(private readonly consents: CaseConsentsRepository) {}

  async record(em: EntityManager, sop: CompiledSop, user: CurrentUser, caseId: string, save: CompleteFormSave, isNew = false): Promise<NewCaseEvent[]> {
    const consent = sop.pack.security.consent;
    if (!(consent.fromForms ?? []).some((m) => m.form === save.formId)) return [];
    const records = isNew ? [] : await this.consents.list(caseId, em);
    const events: NewCaseEvent[] = [];
    for (const c of consentsFromAnswers(consent, save, records)) {
      const { field, ...record } = c;
      const id = await this.consents.insert(em, { ...record, caseId, givenAt: save.at, recordedBy: user.id, recordedAt: save.at, notes: null });
      events.push(consentRecordedEvent(caseId, user.id, save.at, id, record, { fromForm: save.formId, field }));
    }
    return events;
  }
}
