import { pickLabel } from '@app/core';
import type { CurrentUser } from '@app/identity';
import type { SopPack } from '@app/pack-types';
import { CaseAccess, CaseAccessService } from './case-access';
import { mayReadIdentity, withoutFreeText } from './case-disclosure';
import { derivedVisibility } from './case-view';
import type { DeadlineEventName } from './deadline-event-names';
import { deadlineVisible } from './deadline-visibility';
import type { CasesRepository } from './repositories/cases.repository';

/** Key of a timeline event's data naming who may see the event: `{ subject, action }` on the case. */
export const EVENT_VISIBLE_TO = '_visibleTo';

const LINK_EVENTS = new Set(['case_linked', 'case_unlinked']);

/** What one reader of a case may see of its events (timeline) and of their audit entries (trail). */
export interface EventReader {
  access: CaseAccess;
  /** May read who the child is on this case: free text is shown (case-disclosure.ts). */
  identity: boolean;
  /** Other cases the events name that the reader may read. */
  readable: Set<string>;
  /** ...and whose child's name the reader may read (possible duplicates: a name match). */
  named: Set<string>;
  /** Case numbers of legacy duplicate hints (before ids were stored), resolved to ids. */
  idsByNumber: Map<string, string>;
  /** Deadlines (by definition id) the reader may see on this case (deadline-visibility.ts). */
  deadline: (definitionId: string) => boolean;
}

type Duplicate = { id: string; caseNumber: string };

/** Other cases an event's data names: the linked case, the possible duplicates found at registration. */
function otherCases(type: string, data: Record<string, unknown> | null | undefined): { ids: string[]; numbers: string[] } {
  if (LINK_EVENTS.has(type) && data?.caseId) return { ids: [String(data.caseId)], numbers: [] };
  if (type !== 'case_registered' || !Array.isArray(data?.possibleDuplicates)) return { ids: [], numbers: [] };
  const list = data!.possibleDuplicates as Array<Duplicate | string>;
  return {
    ids: list.filter((d): d is Duplicate => typeof d === 'object' && d !== null).map((d) => String(d.id)),
    numbers: list.filter((d): d is string => typeof d === 'string'),
  };
}

/** Loads what `project` needs for these events: which of the cases they name the reader may read. */
export async function eventReader(
  access: CaseAccess,
  user: CurrentUser,
  events: Array<{ type: string; data: Record<string, unknown> | null }>,
  cases: CasesRepository,
  accessService: CaseAccessService,
): Promise<EventReader> {
  const ids = new Set<string>();
  const numbers = new Set<string>();
  for (const e of events) {
    const other = otherCases(e.type, e.data);
    other.ids.forEach((id) => ids.add(id));
    other.numbers.forEach((n) => numbers.add(n));
  }
  const rows = [...(await cases.findByIds([...ids])), ...(await cases.findByNumbers([...numbers]))];
  const readable = new Set<string>();
  const named = new Set<string>();
  for (const row of rows) {
    const a = await accessService.accessTo(user, row);
    if (!a.perms.canOnCase('read', 'case', a.facts)) continue;
    readable.add(row.id);
    if (derivedVisibility(a, row.caseType).name) named.add(row.id);
  }
  return {
    access,
    identity: mayReadIdentity(access),
    readable,
    named,
    idsByNumber: new Map(rows.map((r) => [r.caseNumber, r.id])),
    deadline: deadlineVisible(access),
  };
}

/** May the reader see this event at all? A plugin may restrict its events to holders of a right. */
export function eventVisible(access: Pick<CaseAccess, 'perms' | 'facts'>, data: Record<string, unknown> | null): boolean {
  const only = data?.[EVENT_VISIBLE_TO] as { subject?: unknown; action?: unknown } | undefined;
  if (!only) return true;
  return typeof only.subject === 'string' && typeof only.action === 'string' && access.perms.canOnCase(only.action, only.subject, access.facts);
}

/** A deadline's events (`deadline_set`, `deadline_met`...) name it by key: `<definition id>`, `<id>:<visit>`, `<id>:<referral id>`, `<base key>:<n>`. */
function hiddenDeadline(type: string, data: Record<string, unknown> | null | undefined, r: EventReader): boolean {
  return type.startsWith('deadline_') && typeof data?.key === 'string' && !r.deadline(data.key.split(':')[0]);
}

/** Whether the reader sees an event on the timeline at all (plugin restrictions, deadlines they may not see). */
export function eventShown(type: string, data: Record<string, unknown> | null, r: EventReader): boolean {
  return eventVisible(r.access, data) && !hiddenDeadline(type, data, r);
}

/**
 * An event's data as this reader may see it:
 * - a deadline the reader may not see (its rules read an answer they may not read) says nothing
 *   but that (`deadlineHidden`; the timeline leaves the event out: `eventShown`);
 * - a link names the other case (and gives its reason) only to readers of that case;
 * - the possible duplicates found at registration are listed only to readers of this child's name,
 *   each only if they may read that case and its child's name (a duplicate is a name match);
 * - which fields of a form were changed is itself information: only those the reader may read (the
 *   audit trail, whose subject is which fields were read and changed, keeps them all: `fieldNames`);
 * - free text (reasons, comments) only to readers of the child's identity, else `reasonHidden: true`;
 * - a deadline the reader may see is named (`deadlines`): its label, which occurrence, when due.
 */
export function projectEventData(
  type: string,
  raw: Record<string, unknown> | null | undefined,
  r: EventReader,
  opts: { fieldNames?: 'readable' | 'all'; deadlines?: (key: string) => DeadlineEventName | null } = {},
): Record<string, unknown> {
  const { [EVENT_VISIBLE_TO]: _only, ...data } = raw ?? {};
  if (hiddenDeadline(type, data, r)) return { deadlineHidden: true };
  const named = type.startsWith('deadline_') && typeof data.key === 'string' ? opts.deadlines?.(data.key) : null;
  // The event's own due time (set, moved) is the one it announced; the stored one is the latest.
  if (named) Object.assign(data, { ...named, ...(typeof data.dueAt === 'string' ? { dueAt: data.dueAt } : {}) });
  if (LINK_EVENTS.has(type) && !r.readable.has(String(data.caseId))) return { kind: data.kind };
  if (type === 'case_registered' && Array.isArray(data.possibleDuplicates)) {
    const shown: Duplicate[] = [];
    for (const d of data.possibleDuplicates as Array<Duplicate | string>) {
      const id = typeof d === 'string' ? r.idsByNumber.get(d) : d?.id;
      if (r.identity && id && r.named.has(id)) shown.push({ id, caseNumber: typeof d === 'string' ? d : d.caseNumber });
    }
    data.possibleDuplicates = shown;
  }
  if (opts.fieldNames !== 'all' && typeof data.form === 'string' && Array.isArray(data.fields)) {
    const readable = new Set(r.access.perms.formFields('read', data.form, r.access.facts));
    data.fields = (data.fields as string[]).filter((f) => readable.has(f));
  }
  return r.identity ? data : withoutFreeText(data);
}

/**
 * A step change or an approval names what was done and where the case went, by their labels in the
 * reader's language (`transitionLabel`, `toLabel`): step and transition names are the SOP's, shown
 * to anyone who reads the case, so the timeline never needs ids to say "closed".
 */
/** A plugin's event by the label it declares (`gbv.incident_recorded` → "Incident înregistrat"), in the locale; undefined for the core's events. */
export function pluginEventLabel(pack: Pick<SopPack, 'plugins'>, type: string, locale: string): string | undefined {
  const dot = type.indexOf('.');
  if (dot < 0) return undefined;
  const label = pack.plugins.find((p) => p.id === type.slice(0, dot))?.events?.[type.slice(dot + 1)];
  return label ? pickLabel(label, locale) : undefined;
}

export function withWorkflowLabels(pack: Pick<SopPack, 'workflow'>, data: Record<string, unknown>, locale: string): Record<string, unknown> {
  const transitionId = typeof data.transition === 'string' ? data.transition : null;
  const to = typeof data.to === 'string' ? data.to : null;
  if (!transitionId && !to) return data;
  const transition = transitionId ? pack.workflow.transitions.find((x) => x.id === transitionId) : undefined;
  const step = to ? pack.workflow.steps.find((x) => x.id === to) : undefined;
  return {
    ...data,
    ...(transition ? { transitionLabel: pickLabel(transition.label, locale) } : {}),
    ...(step ? { toLabel: pickLabel(step.label, locale) } : {}),
  };
}
