import { pickLabel } from '@app/core';
import type { CaseEntity, FormSubmissionEntity } from '@app/database';
import type { CaseAccess } from './case-access';
import { readableFields } from './case-access';

export interface CaseSummaryView {
  id: string;
  caseNumber: string;
  caseType: string;
  step: string;
  stepLabel: string;
  status: string;
  risk: string | null;
  displayName: string | null;
  assignedTo: string | null;
  locationCode: string;
  registeredAt: string;
  updatedAt: string;
  sopVersionId: number;
  version: number;
}

export function toSummary(row: CaseEntity, stepLabel: string): CaseSummaryView {
  return {
    id: row.id, caseNumber: row.caseNumber, caseType: row.caseType, step: row.step, stepLabel, status: row.status,
    risk: row.risk, displayName: row.displayName, assignedTo: row.assignedTo, locationCode: row.locationCode,
    registeredAt: new Date(row.registeredAt).toISOString(), updatedAt: new Date(row.updatedAt).toISOString(),
    sopVersionId: row.sopVersionId, version: row.version,
  };
}

export function stepLabelOf(access: Pick<CaseAccess, 'sop'>, step: string, locale: string): string {
  const def = access.sop.pack.workflow.steps.find((s) => s.id === step);
  return def ? pickLabel(def.label, locale) : step;
}

function project(answers: Record<string, unknown>, fields: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) if (f in answers) out[f] = answers[f];
  return out;
}

/**
 * The full case as one user may see it: only forms the user's roles may read, and within them only
 * the permitted fields (hidden fields are left out, not blanked).
 */
export function toCaseView(access: CaseAccess, submissions: FormSubmissionEntity[], extra: {
  links: Array<{ linkedCaseId: string; kind: string; caseNumber: string }>;
  pendingApproval: { id: string; transitionId: string; requestedBy: string; requestedAt: Date } | null;
  fields: Record<string, unknown>;
  locale: string;
}) {
  const forms: Record<string, Array<{ id: string; formVersion: number; status: string; answers: Record<string, unknown>;
    updatedAt: string; completedAt: string | null }>> = {};
  for (const s of submissions) {
    const fields = readableFields(access, s.formId);
    if (fields.length === 0) continue;
    (forms[s.formId] ??= []).push({
      id: s.id, formVersion: s.formVersion, status: s.status, answers: project(s.answers, fields),
      updatedAt: new Date(s.updatedAt).toISOString(), completedAt: s.completedAt ? new Date(s.completedAt).toISOString() : null,
    });
  }
  return {
    ...toSummary(access.row, stepLabelOf(access, access.row.step, extra.locale)),
    dateOfBirth: access.row.dateOfBirth,
    sex: access.row.sex,
    createdBy: access.row.createdBy,
    closedAt: access.row.closedAt ? new Date(access.row.closedAt).toISOString() : null,
    fields: extra.fields,
    stepHistory: access.row.stepHistory,
    pendingApproval: extra.pendingApproval,
    links: extra.links,
    forms,
  };
}
