/** security.json: consent (purposes, givers, assent, consent answered on forms) and break the glass. */
import type { Translated } from './translated';

export interface ConsentPurposeDef {
  id: string;
  label: Translated;
}

/** Someone who may give consent (security.json consent.givers). */
export interface ConsentGiverDef {
  id: string;
  label: Translated;
}

export interface AssentDef {
  /** Asked from this age (completed years, at the time it is recorded); default 0. */
  fromAge?: number;
  /** Asked until this age (exclusive), e.g. 18 when adults give their own consent. */
  untilAge?: number;
}

export type ConsentDecision = 'granted' | 'refused' | 'withdrawn';

/**
 * A consent question of a form that records consent (security.json consent.fromForms): saving the
 * form complete with an answer `decisions` maps records that decision for each of `purposes`.
 */
export interface ConsentFromFormDef {
  form: string;
  /** A coded answer of the form (options or enum), e.g. `consent_status`. */
  field: string;
  /** Default `consent`; `assent` only where the pack asks for assent (consent.assent). */
  kind?: 'consent' | 'assent';
  purposes: string[];
  /** Option value → decision; other values (e.g. "not required") record nothing. */
  decisions: Record<string, ConsentDecision>;
  /** A giver id, or read from a coded answer: its option mapped by `values` (or taken as a giver id), else `otherwise`. */
  givenBy: string | { field: string; values?: Record<string, string>; otherwise: string };
  /** The giver's name, from a text answer of the same form. */
  givenByName?: { field: string };
  /** One of consent.methods. */
  method: string;
}

/** security.json (optional): consent purposes and rules, break-the-glass. */
export interface SecurityDef {
  consent: {
    purposes: ConsentPurposeDef[];
    methods: string[];
    /** The consent purpose an action needs (`share`, `referral`, `tracing`). */
    requiredFor: Partial<Record<'share' | 'referral' | 'tracing', string>>;
    /** Who may give consent (the person concerned, a parent, a legal representative...): the pack's population decides. */
    givers: ConsentGiverDef[];
    /** Whether assent (the person's own agreement besides the consent of whoever may give it) is asked, and at what ages; absent: never. */
    assent?: AssentDef;
    /** Consent questions of forms that record consent when answered (none by default). */
    fromForms?: ConsentFromFormDef[];
  };
  /** Absent: nobody can break the glass. */
  breakGlass?: { durationHours: number; minReasonLength: number; notify: string[] };
  overrideReasonMinLength: number;
  /** Offline work on a phone (defaults filled in): changes made more than `maxDays` before they sync are held for review. */
  offline: { maxDays: number; lockAfterMinutes: number };
}
