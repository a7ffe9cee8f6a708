import type { ConsentState } from '@app/plugin-sdk';
import { gbvTypeLabel } from './gbv-types';
import type { IncidentRow, IncidentStatus, ReferralRow } from './model';
import type { ReferralStatus } from './referral-status';

/** What everyone with `read` on the incident sees: that it exists, never what happened. */
interface IncidentExistence {
  id: string;
  caseId: string;
  caseNumber: string;
  recordedAt: string;
  status: IncidentStatus;
  referralCount: number;
}

/** Lists: enough for a trained worker to tell incidents apart. */
export interface IncidentSummary {
  incidentType: string | null;
  incidentTypeLabel: string | null;
  incidentDate: string | null;
}

export interface ReferralView {
  id: string;
  incidentId: string;
  serviceType: string;
  purpose: string;
  providerName: string;
  notes: string | null;
  status: ReferralStatus;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
}

/** One incident, in full, for a trained worker. */
export interface IncidentDetails extends IncidentSummary {
  formId: string;
  formVersion: number;
  answers: Record<string, unknown>;
  recordedBy: string;
  updatedAt: string;
  consents?: Record<string, ConsentState>;
  referrals?: ReferralView[];
}

export type IncidentView<D = IncidentDetails | IncidentSummary> = IncidentExistence &
  ({ details: D; detailsHidden: false } | { details: null; detailsHidden: true });

export interface ProjectionOptions {
  /** The user holds a role the pack marks as GBV-trained. */
  trained: boolean;
  locale: string;
}

function existence(row: IncidentRow): IncidentExistence {
  return {
    id: row.id,
    caseId: row.caseId,
    caseNumber: row.caseNumber,
    recordedAt: row.recordedAt.toISOString(),
    status: row.status,
    referralCount: row.referralCount,
  };
}

function summaryOf(row: IncidentRow, locale: string): IncidentSummary {
  const type = row.answers.incident_type;
  const date = row.answers.incident_date;
  return {
    incidentType: typeof type === 'string' ? type : null,
    incidentTypeLabel: gbvTypeLabel(type, locale),
    incidentDate: typeof date === 'string' ? date : null,
  };
}

/** An incident in a list: existence for everyone, plus a summary for trained workers. */
export function projectSummary(row: IncidentRow, opts: ProjectionOptions): IncidentView<IncidentSummary> {
  if (!opts.trained) return { ...existence(row), details: null, detailsHidden: true };
  return { ...existence(row), details: summaryOf(row, opts.locale), detailsHidden: false };
}

/** One incident: existence for everyone, every answer (and consents, referrals when given) for trained workers. */
export function projectIncident(
  row: IncidentRow,
  opts: ProjectionOptions & { formId: string; consents?: Record<string, ConsentState>; referrals?: ReferralRow[] },
): IncidentView<IncidentDetails> {
  if (!opts.trained) return { ...existence(row), details: null, detailsHidden: true };
  const details: IncidentDetails = {
    ...summaryOf(row, opts.locale),
    formId: opts.formId,
    formVersion: row.formVersion,
    answers: { ...row.answers },
    recordedBy: row.recordedBy,
    updatedAt: row.updatedAt.toISOString(),
  };
  if (opts.consents) details.consents = { ...opts.consents };
  if (opts.referrals) details.referrals = opts.referrals.map(projectReferral);
  return { ...existence(row), details, detailsHidden: false };
}

export function projectReferral(r: ReferralRow): ReferralView {
  return {
    id: r.id,
    incidentId: r.incidentId,
    serviceType: r.serviceType,
    purpose: r.purpose,
    providerName: r.providerName,
    notes: r.notes,
    status: r.status,
    createdAt: r.createdAt.toISOString(),
    createdBy: r.createdBy,
    updatedAt: r.updatedAt.toISOString(),
  };
}

/** `gbv_incident.<field>` paths of what a view shows, for the audit log (names only, never values). */
export function shownFields(view: IncidentView, formId: string): string[] {
  if (!view.details) return [];
  const d = view.details as Partial<IncidentDetails>;
  const names = d.answers ? Object.keys(d.answers) : ['incident_type', 'incident_date'];
  return names.map((n) => `${formId}.${n}`);
}
