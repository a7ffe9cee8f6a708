import { pickLabel } from '@app/core';
import type { CaseEntity, FormSubmissionEntity } from '@app/database';
import type { CaseTypeDef } from '@app/pack-types';
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
  /** The risk level as the pack names it in the user's language (the option's label), null when not shown. */
  riskLabel: string | null;
  displayName: string | null;
  assignedTo: string | null;
  locationCode: string;
  registeredAt: string;
  updatedAt: string;
  sopVersionId: number;
  version: number;
}

/** Which of the case row's copies of answers (name, date of birth, sex, risk) the user may see. */
export interface DerivedVisibility {
  name: boolean;
  dateOfBirth: boolean;
  sex: boolean;
  risk: boolean;
}

/** The copies of answers a case row keeps for lists and search. */
export type CaseCopy = keyof DerivedVisibility;

/** `form.field` paths a copy comes from for a case type (every part of the name; [] when the type declares none). */
export function copySources(def: CaseTypeDef | undefined, copy: CaseCopy): string[] {
  if (!def) return [];
  if (copy === 'name') return def.identity?.name ?? [];
  const path = copy === 'risk' ? def.riskField : def.identity?.[copy];
  return path ? [path] : [];
}

export function splitFieldPath(path: string): { formId: string; field: string } {
  const dot = path.indexOf('.');
  return { formId: path.slice(0, dot), field: path.slice(dot + 1) };
}

/**
 * The case row keeps copies of some answers for lists and search. Each copy is shown only if the
 * user may read every answer it comes from, so a list never reveals a name the forms would hide.
 * List filters and searches on a copy use the same rule in SQL (`copyReadablePredicate`).
 */
export function derivedVisibility(access: Pick<CaseAccess, 'perms' | 'facts' | 'sop'>, caseType: string): DerivedVisibility {
  const def = access.sop.pack.manifest.caseTypes.find((t) => t.id === caseType);
  const can = (copy: CaseCopy) => {
    const sources = copySources(def, copy);
    return (
      sources.length > 0 &&
      sources.every((path) => {
        const { formId, field } = splitFieldPath(path);
        return access.perms.canField('read', formId, field, access.facts);
      })
    );
  };
  return { name: can('name'), dateOfBirth: can('dateOfBirth'), sex: can('sex'), risk: can('risk') };
}

export function toSummary(row: CaseEntity, stepLabel: string, visible: DerivedVisibility, riskLabel: string | null = null): CaseSummaryView {
  return {
    id: row.id,
    caseNumber: row.caseNumber,
    caseType: row.caseType,
    step: row.step,
    stepLabel,
    status: row.status,
    risk: visible.risk ? row.risk : null,
    riskLabel: visible.risk && row.risk ? (riskLabel ?? row.risk) : null,
    displayName: visible.name ? row.displayName : null,
    assignedTo: row.assignedTo,
    locationCode: row.locationCode,
    registeredAt: new Date(row.registeredAt).toISOString(),
    updatedAt: new Date(row.updatedAt).toISOString(),
    sopVersionId: row.sopVersionId,
    version: row.version,
  };
}

export function stepLabelOf(access: Pick<CaseAccess, 'sop'>, step: string, locale: string): string {
  const def = access.sop.pack.workflow.steps.find((s) => s.id === step);
  return def ? pickLabel(def.label, locale) : step;
}

/** The label of a risk level: the option of the case type's risk field, in the locale. */
export function riskLabelOf(access: Pick<CaseAccess, 'sop'>, caseType: string, risk: string | null, locale: string): string | null {
  if (risk === null) return null;
  const pack = access.sop.pack;
  const path = pack.manifest.caseTypes.find((t) => t.id === caseType)?.riskField;
  if (!path) return risk;
  const { formId, field } = splitFieldPath(path);
  const list = (pack.forms.find((f) => f.id === formId)?.schema as any)?.properties?.[field]?.['x-optionList'];
  const option = list ? pack.optionLists[list]?.find((o) => String(o.value) === risk) : undefined;
  return option ? pickLabel(option.label, locale) : risk;
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
export function toCaseView(
  access: CaseAccess,
  submissions: FormSubmissionEntity[],
  extra: {
    links: Array<{ linkedCaseId: string; kind: string; caseNumber: string }>;
    pendingApproval: { id: string; transitionId: string; requestedBy: string; requestedAt: Date } | null;
    fields: Record<string, unknown>;
    locale: string;
  },
) {
  const forms: Record<
    string,
    Array<{ id: string; formVersion: number; status: string; answers: Record<string, unknown>; updatedAt: string; completedAt: string | null }>
  > = {};
  for (const s of submissions) {
    const fields = readableFields(access, s.formId);
    if (fields.length === 0) continue;
    (forms[s.formId] ??= []).push({
      id: s.id,
      formVersion: s.formVersion,
      status: s.status,
      answers: project(s.answers, fields),
      updatedAt: new Date(s.updatedAt).toISOString(),
      completedAt: s.completedAt ? new Date(s.completedAt).toISOString() : null,
    });
  }
  const visible = derivedVisibility(access, access.row.caseType);
  return {
    ...toSummary(
      access.row,
      stepLabelOf(access, access.row.step, extra.locale),
      visible,
      riskLabelOf(access, access.row.caseType, access.row.risk, extra.locale),
    ),
    dateOfBirth: visible.dateOfBirth ? access.row.dateOfBirth : null,
    sex: visible.sex ? access.row.sex : null,
    createdBy: access.row.createdBy,
    closedAt: access.row.closedAt ? new Date(access.row.closedAt).toISOString() : null,
    fields: extra.fields,
    stepHistory: access.row.stepHistory,
    pendingApproval: extra.pendingApproval,
    links: extra.links,
    forms,
  };
}
