import type { FormEntry } from '../case-form';

/** What the user may do on the case (GET /api/cases/{id} `may`): the server's rules, checked again on each call. */
export interface CaseAbilities {
  readConsent: boolean;
  take: boolean;
  forms: string[];
  note: boolean;
  flag: boolean;
  link: boolean;
  share: boolean;
  overrideConsent: boolean;
  assign: boolean;
  transfer: boolean;
  refer: boolean;
}

/** The case as the user may see it (GET /api/cases/{id}). */
export interface CaseView {
  id: string;
  caseNumber: string;
  caseType: string;
  /** The place the person the case is about lives (the service directory's `location`). */
  locationCode: string;
  step: string;
  stepLabel: string;
  status: string;
  risk: string | null;
  riskLabel?: string | null;
  displayName: string | null;
  assignedTo: string | null;
  assignedToName: string | null;
  version: number;
  registeredAt: string;
  pendingApproval: { id: string; transitionId: string; requestedBy: string; requestedAt: string } | null;
  links: Array<{ linkedCaseId: string; kind: string; caseNumber: string }>;
  forms: Record<string, FormEntry[]>;
  may: CaseAbilities;
}

/** A person to share the case with or assign it to (GET /api/cases/{id}/people). */
export interface CasePerson {
  id: string;
  name: string;
  roles: string[];
  current: boolean;
}
