import type { ConsentState } from '@app/plugin-sdk';

export const CONSENT_DECISIONS = ['granted', 'refused', 'withdrawn'] as const;
export type ConsentDecision = (typeof CONSENT_DECISIONS)[number];

export const CONSENT_GIVERS = ['survivor', 'caregiver'] as const;
export type ConsentGiver = (typeof CONSENT_GIVERS)[number];

/** One survivor consent record (append-only: a change of mind is a new record). */
export interface ConsentRecord {
  id: string;
  incidentId: string;
  purpose: string;
  decision: ConsentDecision;
  givenBy: ConsentGiver;
  method: string;
  recordedAt: Date;
  recordedBy: string;
  /** Insertion order: breaks ties between records of the same instant. */
  seq: number;
}

type Dated = Pick<ConsentRecord, 'purpose' | 'decision' | 'recordedAt' | 'seq'>;

function later(a: Dated, b: Dated): boolean {
  const d = a.recordedAt.getTime() - b.recordedAt.getTime();
  return d !== 0 ? d > 0 : a.seq > b.seq;
}

/** The latest record of each purpose (whatever order the history comes in). */
export function latestPerPurpose<T extends Dated>(history: readonly T[]): Map<string, T> {
  const latest = new Map<string, T>();
  for (const r of history) {
    const seen = latest.get(r.purpose);
    if (!seen || later(r, seen)) latest.set(r.purpose, r);
  }
  return latest;
}

/** The survivor's current decision for a purpose: the latest record wins; `unknown` when none was recorded. */
export function consentState(history: readonly Dated[], purpose: string): ConsentState {
  return latestPerPurpose(history).get(purpose)?.decision ?? 'unknown';
}

/** The current decision for each purpose of the settings (and any other purpose the history holds, e.g. one a pack later dropped). */
export function consentStates(history: readonly Dated[], purposes: readonly string[]): Record<string, ConsentState> {
  const latest = latestPerPurpose(history);
  const out: Record<string, ConsentState> = {};
  for (const p of purposes) out[p] = latest.get(p)?.decision ?? 'unknown';
  for (const [p, r] of latest) if (!(p in out)) out[p] = r.decision;
  return out;
}

/** Newest first, as people read a history. */
export function newestFirst<T extends Dated>(history: readonly T[]): T[] {
  return [...history].sort((a, b) => (later(a, b) ? -1 : later(b, a) ? 1 : 0));
}
