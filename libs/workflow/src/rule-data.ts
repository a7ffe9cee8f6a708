import type { SopPack } from '@app/sop';
import type { CaseSnapshot, FormSubmissionSnapshot, RuleData } from './engine.types';
import { packFormIds } from './pack-queries';

const time = (d: Date | null) => (d ? d.getTime() : Number.POSITIVE_INFINITY);

/**
 * Complete submissions of a form, oldest first by first completion (entry order of a repeatable
 * form; editing an entry later does not move it). Drafts never count.
 */
export function completeSubmissions(snapshot: CaseSnapshot, formId: string): FormSubmissionSnapshot[] {
  return snapshot.submissions
    .map((s, i) => ({ s, i }))
    .filter(({ s }) => s.formId === formId && s.status === 'complete')
    .sort((a, b) => time(a.s.firstCompletedAt ?? a.s.completedAt) - time(b.s.firstCompletedAt ?? b.s.completedAt) || a.i - b.i)
    .map(({ s }) => s);
}

export function latestComplete(snapshot: CaseSnapshot, formId: string): FormSubmissionSnapshot | undefined {
  const all = completeSubmissions(snapshot, formId);
  return all[all.length - 1];
}

/** The data guards, deadline rules and effects are evaluated against (JSON-safe: dates as ISO). */
export function buildRuleData(pack: SopPack, snapshot: CaseSnapshot, now: Date): RuleData {
  const formIds = new Set([...packFormIds(pack), ...snapshot.submissions.map((s) => s.formId)]);
  const forms: RuleData['forms'] = {};
  const formEntries: RuleData['formEntries'] = {};
  const formStatus: RuleData['formStatus'] = {};
  for (const formId of formIds) {
    const entries = completeSubmissions(snapshot, formId);
    formEntries[formId] = entries.map((s) => s.answers);
    formStatus[formId] = { complete: entries.length > 0, entries: entries.length };
    if (entries.length) forms[formId] = entries[entries.length - 1].answers;
  }
  return {
    case: {
      type: snapshot.caseType,
      step: snapshot.step,
      status: snapshot.status,
      risk: snapshot.risk,
      fields: { ...snapshot.fields },
      registeredAt: snapshot.registeredAt.toISOString(),
    },
    forms,
    formEntries,
    formStatus,
    now: now.toISOString(),
  };
}
