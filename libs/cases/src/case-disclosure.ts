import type { EntityManager } from 'typeorm';
import type { UserEntity } from '@app/database';
import type { CurrentUser } from '@app/identity';
import type { MessageRecipient, MessageRequest, Messenger } from '@app/notifications';
import type { CaseFacts } from '@app/permissions';
import type { SopPack } from '@app/pack-types';
import type { CompiledSop } from '@app/sop-registry';
import { CaseAccess, formFieldSource, permissionsFor } from './case-access';
import { copySources, splitFieldPath } from './case-view';

/**
 * Who may read free text written about a case: reasons (transfer, share, assignment, flag, link,
 * break-the-glass, consent override, referral decline...), transition and approval comments, notes.
 * People write the child's name, address or situation in them, so they follow the child's identity:
 * a reader sees them on a case only where that reader may read who the child is, i.e. every part of
 * the name the case type declares (`identity.name`), or, for a case type that declares none (a
 * notification), every non-sensitive field of its start form, where the child is described.
 * Anyone else gets the rest of the record with `reasonHidden: true` (`textHidden` for a note).
 */
export function mayReadIdentity(access: Pick<CaseAccess, 'perms' | 'facts' | 'sop'>, facts: CaseFacts = access.facts): boolean {
  const fields = identityFields(access.sop, facts.caseType);
  return fields.length > 0 && fields.every(({ formId, field }) => access.perms.canField('read', formId, field, facts));
}

/** Whether a referral's shared sections (`{ form: [field] }`) show who the child is (its provider then reads its free text). */
export function sharesIdentity(sop: CompiledSop, caseType: string, shared: Record<string, string[]>): boolean {
  const fields = identityFields(sop, caseType);
  return fields.length > 0 && fields.every(({ formId, field }) => (shared[formId] ?? []).includes(field));
}

/** The fields that say who the child is on a case type (see `mayReadIdentity`); [] if none. */
export function identityFields(sop: CompiledSop, caseType: string): Array<{ formId: string; field: string }> {
  const def = sop.pack.manifest.caseTypes.find((t) => t.id === caseType);
  const names = copySources(def, 'name');
  if (names.length) return names.map(splitFieldPath);
  const form = def?.startForm;
  if (!form) return [];
  const source = formFieldSource(sop);
  return source
    .fields(form)
    .filter((f) => !source.sensitive(form).has(f))
    .map((field) => ({ formId: form, field }));
}

/** Keys of timeline events, audit details and records that hold free text (see `mayReadIdentity`). */
export const FREE_TEXT_KEYS: readonly string[] = [
  'reason',
  'comment',
  'consentOverrideReason',
  'decisionReason',
  'removalReason',
  'note',
  'notes',
  'authorisationNote',
  'responseReason',
  'revokeReason',
  'followUpNotes',
];

/**
 * `data` without its free text, marked `reasonHidden: true` when something was taken out (a key
 * that was absent or null stays as it was, so an empty reason is not mistaken for a hidden one).
 */
export function withoutFreeText<T extends Record<string, unknown>>(data: T, keys: readonly string[] = FREE_TEXT_KEYS): T {
  const out: Record<string, unknown> = { ...data };
  let hidden = false;
  for (const k of keys) {
    if (out[k] === undefined || out[k] === null) continue;
    delete out[k];
    hidden = true;
  }
  return (hidden ? { ...out, reasonHidden: true } : out) as T;
}

/** A record's free-text fields as null (the shape stays), with `reasonHidden: true` when any was set. */
export function blankFreeText<T extends object>(record: T, keys: readonly string[] = FREE_TEXT_KEYS): T {
  const out: Record<string, unknown> = { ...record } as Record<string, unknown>;
  let hidden = false;
  for (const k of keys) {
    if (out[k] === undefined || out[k] === null) continue;
    out[k] = null;
    hidden = true;
  }
  return (hidden ? { ...out, reasonHidden: true } : out) as T;
}

/** Whether a user may read the child's identity on a case with these facts (under that case's SOP version). */
export function readsIdentity(sop: CompiledSop, facts: CaseFacts): (user: UserEntity | CurrentUser) => boolean {
  return (user) => mayReadIdentity({ sop, perms: permissionsFor(sop, user), facts });
}

/**
 * Sends a message whose template shows a free-text `reason`: recipients for whom `mayRead` holds
 * (see `mayReadIdentity`) get it; the others get the same message with no reason (templates print
 * it under `{{#if reason}}`).
 */
export async function sendWithReason(
  messenger: Messenger,
  em: EntityManager,
  pack: SopPack,
  users: UserEntity[],
  mayRead: (user: UserEntity) => boolean,
  reason: string | null,
  request: (reason: string | null) => MessageRequest,
  at: Date,
): Promise<void> {
  const told = { with: [] as MessageRecipient[], without: [] as MessageRecipient[] };
  for (const u of users) {
    const recipient = { id: u.id, name: u.displayName, locale: u.locale, email: u.email, phone: u.phone };
    (reason !== null && mayRead(u) ? told.with : told.without).push(recipient);
  }
  if (told.with.length) await messenger.send(em, pack, told.with, request(reason), at);
  if (told.without.length) await messenger.send(em, pack, told.without, request(null), at);
}
