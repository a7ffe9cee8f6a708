import type { Referral } from '@app/cases';
import type { followUpAnswersView, followUpQuestionsView } from './follow-up-answers';

type Who = { id: string; name: string };

/** What anyone who may read the case sees of a referral: which service, which provider, when, its status. */
export interface ReferralSummary {
  id: string;
  caseNumber: string;
  status: Referral['status'];
  serviceType: { id: string; label: string };
  provider: { id: string; name: string; usesPlatform: boolean; contact: unknown };
  createdAt: string | null;
  sentAt: string | null;
  respondBy: string | null;
  overdue: boolean;
  respondedAt: string | null;
  revokedAt: string | null;
}

/**
 * A referral as one side sees it (declared, so the API document describes every field): the
 * summary for a reader who may not refer; the reason, urgency, shared forms and answers for the
 * provider and the authority; the case, consent, authorisation and follow-up for the referring side.
 * Free text is null where the reader may not read who the child is (`reasonHidden`).
 */
export interface ReferralView extends ReferralSummary {
  reason?: string | null;
  reasonHidden?: true;
  urgency?: string | null;
  sharedForms?: string[];
  createdBy?: Who;
  respondedBy?: Who | null;
  responseReason?: string | null;
  revokeReason?: string | null;
  caseId?: string;
  consent?: { purpose: string | null; overridden: boolean };
  authorisedBy?: Who | null;
  authorisedAt?: string | null;
  authorisationNote?: string | null;
  responseRecordedForProvider?: boolean;
  followUp?: {
    at: string | null;
    serviceReceived: boolean | null;
    answers: Record<string, boolean | string>;
    answered: ReturnType<typeof followUpAnswersView>;
    notes: string | null;
  } | null;
  /** What the follow-up asks, for the worker who records it (while the referral is accepted). */
  followUpQuestions?: ReturnType<typeof followUpQuestionsView>;
}
