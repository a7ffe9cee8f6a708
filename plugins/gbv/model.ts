import type { ReferralStatus } from './referral-status';

export const INCIDENT_FORM = 'gbv_incident';
export const INCIDENT_FORM_VERSION = 1;

export const INCIDENT_STATUSES = ['open', 'closed'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

/** An incident as stored (plugin schema, table `incidents`). */
export interface IncidentRow {
  id: string;
  caseId: string;
  /** Copied from the case when recorded (case numbers never change): lists show it instead of any name. */
  caseNumber: string;
  status: IncidentStatus;
  formVersion: number;
  answers: Record<string, unknown>;
  recordedAt: Date;
  recordedBy: string;
  updatedAt: Date;
  referralCount: number;
}

export interface ReferralRow {
  id: string;
  incidentId: string;
  serviceType: string;
  /** The consent purpose checked when the referral was made. */
  purpose: string;
  providerName: string;
  notes: string | null;
  status: ReferralStatus;
  createdAt: Date;
  createdBy: string;
  updatedAt: Date;
  updatedBy: string;
}
