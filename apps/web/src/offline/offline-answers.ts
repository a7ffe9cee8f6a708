/**
 * What the app reads and writes without a connection, from and into the device's store: a kept case
 * is answered as the server last answered it (with the changes made on the device since); a change
 * is queued for sync and the device's copy updated, so the pages work as online. Only the reads and
 * the changes the sync API knows (register, fill a form, add a form entry, take a transition) work offline;
 * anything else says it could not be loaded or saved, as before.
 */
import type { CaseListPage, CaseView } from '../api-types';
import { OfflineError } from '../api';
import { pick, type SopSummary } from '../sop';
import { offlineStore } from './offline-store';
import { offlineTransitions } from './offline-workflow-hook';

const CASE_PATH = /^\/api\/cases\/([0-9a-f-]{36})(\/.*)?$/i;
const FORM_PATH = /^\/forms\/([^/]+)$/;
const ENTRIES_PATH = /^\/forms\/([^/]+)\/entries$/;
const SCHEMA_PATH = /^\/forms\/([^/]+)\/schema$/;
const TRANSITION_PATH = /^\/transitions\/([^/]+)$/;

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
const newKey = () => crypto.randomUUID();

function caseParts(path: string): { id: string; rest: string } | null {
  const m = CASE_PATH.exec(path.split('?')[0]);
  return m ? { id: m[1], rest: m[2] ?? '' } : null;
}

async function sop(): Promise<SopSummary> {
  const found = await offlineStore.answer<SopSummary>('/api/sop');
  if (!found) throw new OfflineError('read');
  return found;
}

async function keptView(id: string): Promise<CaseView | undefined> {
  return offlineStore.answer<CaseView>(`/api/cases/${id}`);
}

/** The queue names a case by its id, or by the temporary id of its offline registration. */
function queueRef(id: string): string {
  return offlineStore.profile?.local[id]?.tempRef ?? id;
}

/** An answer the device gives for a case registered on it, online or not: the server does not know it yet. */
export function isLocalCasePath(path: string): boolean {
  const parts = caseParts(path);
  return !!parts && offlineStore.isLocal(parts.id);
}

/** A GET answered from the device: a kept answer, or one made from kept ones. Throws OfflineError when it has none. */
export async function readOffline(path: string, locale: string): Promise<unknown> {
  const bare = path.split('?')[0];
  // Who the user is stays known (the menu, the sign-out); the cases do not open after too long offline.
  if (bare === '/api/auth/me') return offlineStore.profile!.me;
  if (offlineStore.tooLongOffline()) throw new OfflineError('too_long');
  if (bare === '/api/cases') return keptList(new URLSearchParams(path.split('?')[1] ?? ''));
  const parts = caseParts(path);
  if (parts) {
    const view = await keptView(parts.id);
    if (parts.rest === '/transitions' && view) {
      const computed = await offlineTransitions(view, offlineStore.profile!.me, locale);
      if (computed) return computed;
    }
    if (offlineStore.isLocal(parts.id)) return localCaseAnswer(parts.id, parts.rest, view);
  }
  const kept = await offlineStore.answer(path);
  if (kept === undefined) throw new OfflineError('read');
  return kept;
}

/** A case registered on the device: its view, an empty history, and its forms' questions from the pack. */
async function localCaseAnswer(id: string, rest: string, view: CaseView | undefined): Promise<unknown> {
  if (!view) throw new OfflineError('read');
  if (rest === '') return view;
  if (['/deadlines', '/timeline', '/notes', '/flags', '/transitions', '/consents', '/referrals', '/transfers', '/access'].includes(rest)) return [];
  const schema = SCHEMA_PATH.exec(rest);
  if (schema) {
    const form = (await sop()).forms.find((f) => f.id === schema[1]);
    if (!form) throw new OfflineError('read');
    const fields = Object.fromEntries(Object.keys((form.schema as { properties?: object })?.properties ?? {}).map((k) => [k, 'fill']));
    return { formId: form.id, schema: form.schema, uiSchema: form.uiSchema, fields };
  }
  throw new OfflineError('read');
}

/** The case list offline: the cases kept on the device (a search matches their names and numbers). */
async function keptList(query: URLSearchParams): Promise<CaseListPage> {
  const q = (query.get('q') ?? '').trim().toLocaleLowerCase();
  const views: CaseView[] = [];
  for (const id of offlineStore.profile!.kept) {
    const v = await keptView(id);
    if (v && (!q || `${v.displayName ?? ''} ${v.caseNumber}`.toLocaleLowerCase().includes(q))) views.push(v);
  }
  views.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
  const pageSize = Number(query.get('pageSize') ?? 20) || 20;
  const items = views.slice(0, pageSize).map((v) => ({
    id: v.id,
    caseNumber: v.caseNumber,
    caseType: v.caseType,
    step: v.step,
    stepLabel: v.stepLabel,
    status: v.status,
    risk: v.risk,
    riskLabel: v.riskLabel,
    displayName: v.displayName,
    assignedTo: v.assignedTo,
    assignedToName: v.assignedToName,
    locationCode: v.locationCode,
    registeredAt: v.registeredAt,
    updatedAt: v.updatedAt,
    sopVersionId: v.sopVersionId,
    version: v.version,
  }));
  return { items, page: 1, pageSize, total: views.length, totalExact: true };
}

/**
 * A change made on the device: queued for sync and applied to the device's copy. Answers as the API
 * would (the case as it now is); undefined for a change that cannot be made offline.
 */
export async function writeOffline(method: string, path: string, body: any, locale: string): Promise<unknown> {
  if (offlineStore.tooLongOffline()) throw new OfflineError('too_long');
  const bare = path.split('?')[0];
  if (method === 'POST' && bare === '/api/cases') return register(body, locale);
  const parts = caseParts(bare);
  if (!parts) return undefined;
  const view = await keptView(parts.id);
  if (!view) return undefined;
  const form = FORM_PATH.exec(parts.rest);
  if (method === 'PUT' && form) return fill(view, form[1], body);
  const entries = ENTRIES_PATH.exec(parts.rest);
  if (method === 'POST' && entries) return addEntry(view, entries[1], body);
  const transition = TRANSITION_PATH.exec(parts.rest);
  if (method === 'POST' && transition) return take(view, transition[1], body, locale);
  return undefined;
}

async function register(body: { caseType: string; answers: Record<string, unknown>; links?: unknown[] }, locale: string): Promise<unknown> {
  // A registration opened from another case links to it: the sync API does not carry links, so that waits for a connection.
  if (body.links?.length) return undefined;
  const pack = await sop();
  const caseType = pack.manifest.caseTypes.find((c) => c.id === body.caseType);
  if (!caseType) return undefined;
  const me = offlineStore.profile!.me;
  const id = crypto.randomUUID();
  const tempRef = `offline-${id}`;
  const now = new Date().toISOString();
  const step = pack.workflow.steps.find((s) => s.id === caseType.startStep);
  const nameOf = (p: string) => (p.startsWith(`${caseType.startForm}.`) ? body.answers[p.slice(caseType.startForm.length + 1)] : undefined);
  const names = (caseType.identity?.name ?? []).map(nameOf).filter((n): n is string => typeof n === 'string' && n.trim() !== '');
  const stepForms = pack.workflow.steps.flatMap((s) => (s.forms ?? []).map((f) => f.form));
  const view: CaseView = {
    id,
    caseNumber: `…${id.slice(0, 4).toUpperCase()}`,
    caseType: caseType.id,
    step: caseType.startStep,
    stepLabel: pick(step?.label, locale),
    status: step?.kind === 'terminal' ? 'closed' : step?.kind === 'paused' ? 'paused' : 'open',
    risk: null,
    riskLabel: null,
    displayName: names.join(' ') || null,
    dateOfBirth: null,
    sex: null,
    assignedTo: caseType.assignTo === 'creator' ? me.id : null,
    assignedToName: caseType.assignTo === 'creator' ? me.displayName : null,
    createdBy: me.id,
    closedAt: null,
    locationCode: me.locationCode,
    registeredAt: now,
    updatedAt: now,
    sopVersionId: pack.versionId,
    version: 1,
    fields: {},
    stepHistory: [{ step: caseType.startStep, enteredAt: now, leftAt: null }],
    pendingApproval: null,
    links: [],
    forms: {
      [caseType.startForm]: [
        {
          id: crypto.randomUUID(),
          formVersion: pack.forms.find((f) => f.id === caseType.startForm)?.version ?? 1,
          status: 'complete',
          answers: body.answers,
          updatedAt: now,
          completedAt: now,
        },
      ],
    },
    may: {
      readConsent: false,
      take: false,
      forms: [...new Set([caseType.startForm, ...stepForms])],
      note: false,
      flag: false,
      link: false,
      share: false,
      overrideConsent: false,
      assign: false,
      transfer: false,
      refer: false,
    },
  };
  await offlineStore.enqueue({ key: newKey(), kind: 'register', madeAt: now, tempId: tempRef, caseType: caseType.id, answers: body.answers });
  await offlineStore.keepAnswer(`/api/cases/${id}`, view);
  await offlineStore.updateProfile((p) => ({ ...p, kept: [...p.kept, id], local: { ...p.local, [id]: { tempRef, caseType: caseType.id } } }));
  return view;
}

// Each change made on the device counts as a new version of its copy, so the pages read again what
// depends on it (the transitions offered, the deadlines); the server's version replaces it at sync.

/** A form saved offline: only the answers that differ from the device's copy are sent, each with the value it replaced. */
async function fill(view: CaseView, formId: string, body: { answers: Record<string, unknown>; status?: 'draft' | 'complete' }): Promise<unknown> {
  const entries = view.forms[formId] ?? [];
  const last = entries[entries.length - 1];
  const before = (last?.answers ?? {}) as Record<string, unknown>;
  const schema = offlineStore.isLocal(view.id)
    ? null
    : await offlineStore.answer<{ fields: Record<string, string> }>(`/api/cases/${view.id}/forms/${formId}/schema`);
  // Answers the user may only read are not sent by the page: their absence is not a removal.
  const fillable = (k: string) => !schema || schema.fields[k] === 'fill';
  const changed = [...new Set([...Object.keys(before), ...Object.keys(body.answers)])].filter((k) => fillable(k) && !same(before[k], body.answers[k]));
  // An unanswered question is absent from the base (the server's answers have no nulls); a removed answer is sent as null.
  const base = Object.fromEntries(changed.filter((k) => before[k] !== undefined).map((k) => [k, before[k]]));
  const answers = Object.fromEntries(changed.map((k) => [k, body.answers[k] ?? null]));
  const status = body.status ?? 'draft';
  const now = new Date().toISOString();
  await offlineStore.enqueue({ key: newKey(), kind: 'fill', madeAt: now, case: queueRef(view.id), formId, status, base, answers });
  const merged = { ...before };
  for (const k of changed) {
    if (body.answers[k] === undefined) delete merged[k];
    else merged[k] = body.answers[k];
  }
  const entry = {
    id: last?.id ?? crypto.randomUUID(),
    formVersion: last?.formVersion ?? 1,
    answers: merged,
    status: last?.status === 'complete' ? 'complete' : status,
    updatedAt: now,
    completedAt: status === 'complete' ? now : (last?.completedAt ?? null),
  };
  const next: CaseView = { ...view, version: view.version + 1, updatedAt: now, forms: { ...view.forms, [formId]: [...entries.slice(0, -1), entry] } };
  await offlineStore.keepAnswer(`/api/cases/${view.id}`, next);
  return { ...next, submissionId: entry.id, warnings: [], keptOffline: true };
}

/** A new entry of a repeatable form (a visit recorded offline): queued whole, added to the device's copy. */
async function addEntry(view: CaseView, formId: string, body: { answers: Record<string, unknown> }): Promise<unknown> {
  const now = new Date().toISOString();
  await offlineStore.enqueue({ key: newKey(), kind: 'entry', madeAt: now, case: queueRef(view.id), formId, answers: body.answers });
  const entry = { id: crypto.randomUUID(), formVersion: 1, answers: body.answers, status: 'complete', updatedAt: now, completedAt: now };
  const next: CaseView = { ...view, version: view.version + 1, updatedAt: now, forms: { ...view.forms, [formId]: [...(view.forms[formId] ?? []), entry] } };
  await offlineStore.keepAnswer(`/api/cases/${view.id}`, next);
  return { ...next, submissionId: entry.id, warnings: [], keptOffline: true };
}

/** A transition taken offline, when the engine on the device allows it; the server's engine decides again at sync. */
async function take(view: CaseView, transitionId: string, body: { comment?: string } | undefined, locale: string): Promise<unknown> {
  const me = offlineStore.profile!.me;
  const options = await offlineTransitions(view, me, locale);
  const option = options?.find((o) => o.id === transitionId);
  if (!option?.available || !option.after) return undefined;
  const now = new Date().toISOString();
  await offlineStore.enqueue({
    key: newKey(),
    kind: 'transition',
    madeAt: now,
    case: queueRef(view.id),
    transitionId,
    fromStep: view.step,
    ...(body?.comment ? { comment: body.comment } : {}),
  });
  const next = { ...option.after(now), version: view.version + 1 };
  await offlineStore.keepAnswer(`/api/cases/${view.id}`, next);
  return { outcome: option.needsApproval ? 'approval_requested' : 'performed', case: next, keptOffline: true };
}
