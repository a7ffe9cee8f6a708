import type { LocationNode, SopPack } from '@app/pack-types';
import type { RuleLocation } from '@app/rules';
import type { CaseSnapshot, FormSubmissionSnapshot, RuleData, RuleReferral } from './engine.types';
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
      ...(snapshot.location !== undefined ? { location: snapshot.location } : {}),
    },
    forms,
    formEntries,
    formStatus,
    now: now.toISOString(),
    timeZone: pack.manifest.timezone ?? 'UTC',
    locations: pack.locations?.root ? locationIndex(pack.locations.root) : {},
    referrals: (snapshot.referrals ?? []).map((r): RuleReferral => ({
      serviceType: r.serviceType,
      status: r.status,
      sentAt: iso(r.sentAt),
      respondedAt: iso(r.respondedAt),
    })),
    facts: snapshot.facts ?? {},
  };
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

// A pack version's tree never changes, so its index is built once and shared (read-only) by every rule data.
const indexes = new WeakMap<LocationNode, Readonly<Record<string, RuleLocation>>>();

/** code → level and materialised path (`MD/CH/CH01/`, as stored on cases and users). */
export function locationIndex(root: LocationNode): Readonly<Record<string, RuleLocation>> {
  let index = indexes.get(root);
  if (!index) {
    const out: Record<string, RuleLocation> = Object.create(null);
    const walk = (node: LocationNode, prefix: string) => {
      const path = `${prefix}${node.code}/`;
      out[node.code] = Object.freeze({ level: node.level, path });
      for (const child of node.children ?? []) walk(child, path);
    };
    walk(root, '');
    indexes.set(root, (index = Object.freeze(out)));
  }
  return index;
}
